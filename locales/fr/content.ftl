## Problems found by `amane content check`: `content-<code>`.
content-toml-syntax = TOML invalide : { $message }
content-missing-file = fichier manquant
content-missing-translation = « { $field } » n’a pas de texte en { $lang }
content-unknown-language = langue inconnue « { $value } » (fr, ar ou en)
content-unknown-audience = public inconnu « { $value } » (8-11, 12-14, 15-17, staff, parents)
content-audience-not-in-module = le public « { $value } » ne fait pas partie des publics du module
content-unknown-competency = compétence inconnue « { $value } »
content-bad-id = « { $value } » n’est pas un identifiant valide (minuscules, chiffres, tirets)
content-id-mismatch = l’identifiant « { $id } » diffère du nom du dossier « { $folder } »
content-duplicate-id = l’identifiant « { $id } » est déjà utilisé (en { $other })
content-duplicate-module = le module « { $id } » existe deux fois
content-unknown-type = type de question inconnu « { $value } » (single, multiple, true_false, red_flags)
content-no-correct-answer = aucun choix n’est marqué correct = true
content-single-needs-one-correct = une question à choix unique doit avoir exactement un bon choix, pas { $count }
content-choices-count = une question doit avoir de 2 à 6 choix, pas { $count }
content-true-false-needs-answer = une question true_false doit avoir answer = true ou answer = false
content-true-false-no-choices = une question true_false n’a pas de choix
content-too-few-questions = le public { $audience } a { $count } questions ; il en faut au moins { $min }
content-unknown-format = format de scénario inconnu « { $value } » (sms, email, chat, social, voice)
content-rf-flag-missing = l’indice « { $flag } » n’apparaît pas dans le message en { $lang }
content-rf-flag-not-explained = le message en { $lang } marque « { $flag } », qui n’a pas de bloc [[questions.flags]]
content-rf-flag-repeated = l’indice « { $flag } » apparaît plusieurs fois dans le message en { $lang }
content-rf-too-few-flags = un scénario doit avoir au moins 2 indices suspects, pas { $count }
content-rf-too-few-neutral = le message en { $lang } doit avoir au moins 2 passages anodins [[-|…]], pas { $count }
content-rf-malformed = le message en { $lang } est mal formé : { $reason }
content-rf-fields-only = « { $field } » n’appartient pas à ce type de question
content-md-missing-part = la partie « { $part } » manque (une ligne <!-- part: { $part } -->)
content-md-part-order = la partie « { $part } » est répétée ou mal placée (lesson, guide, handout)
content-md-empty-part = la partie « { $part } » est vide
content-md-unknown-marker = ligne de repère inconnue : { $text }
content-md-raw-html = le HTML n’est pas permis dans les leçons et serait supprimé : { $html }
content-md-broken-link = lien cassé « { $target } » (https://… ou module:<id>)
content-md-unknown-placeholder = repère inconnu « { $key } » (utilisez {"{{"}contact:child_helpline{"}}"}, les autres clés de contact ou {"{{"}law:fraud{"}}"} et les autres clés de loi)
content-md-image-missing = l’image « { $target } » n’est pas dans le dossier du module
content-no-questions = le fichier n’a aucune [[questions]]
content-bad-version = « { $value } » n’est pas une version comme 1.0.0
content-bad-duration = une durée de { $value } minutes n’est pas plausible (de 5 à 480)
content-empty-list = « { $field } » ne doit pas être vide
content-unknown-test-form = formulaire de test inconnu « { $value } » (écrivez « a » ou « b »)
content-glossary-bad-entry = le terme « { $term } » du glossaire doit avoir en, fr et use, et aucune forme avoid vide
content-fair-position = la bonne réponse est le choix { $position } dans { $count } des { $total } questions à choix unique ou multiple ({ $share } % ; 40 % au plus) : un enfant qui le choisit toujours gagne, placez donc des bonnes réponses à d’autres positions
content-fair-longest = en { $lang }, la bonne réponse est le choix le plus long dans { $count } des { $total } questions à choix unique ({ $share } % ; 50 % au plus) : un enfant qui choisit le plus long gagne, allongez donc les leurres ou raccourcissez les réponses
content-fair-true-false = { $count } des { $total } questions vrai/faux ont pour réponse { $answer ->
    [true] vrai
   *[false] faux
} ({ $share } % ; 65 % au plus) : équilibrez-les
content-year-in-text = l’année { $year } est écrite dans le texte : elle sera fausse l’an prochain (écrivez « cette année », un âge ou une durée)
content-bidi-unmarked = « { $text } » s’affiche « { $shown } » dans le texte arabe : mettez une MARQUE GAUCHE-À-DROITE (U+200E) juste avant et juste après (amane content check --fix-direction DOSSIER le fait)
content-glossary-term = « { $found } » : le glossaire emploie { $use } au lieu de { $form }
content-ok = Contenu valide : { $modules ->
    [one] { $modules } module
   *[other] { $modules } modules
}, { $questions ->
    [one] { $questions } question
   *[other] { $questions } questions
}.
