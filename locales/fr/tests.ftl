# Tests sur téléphone (enfants), questionnaire de satisfaction, et pages de l'équipe qui ouvrent et créent les tests.

sheet-code-title = Répondre à un test
sheet-code-intro = Tape le code écrit au tableau (ou scanne le code QR).
sheet-code = Code du test
sheet-code-go = Ouvrir le test
sheet-code-unknown = Aucun test n’a ce code. Vérifie-le au tableau et tape-le de nouveau.
sheet-intro-pre = Avant l’atelier : { $count ->
    [one] une question
   *[other] { $formatted } questions
}. Réponds seul, sans chercher ailleurs. Ce n’est pas noté : cela montre ce que l’atelier doit expliquer.
sheet-intro-post = Après l’atelier : { $count ->
    [one] une question
   *[other] { $formatted } questions
}. Reprends le même pseudo qu’au premier test, pour qu’on voie ce que tu as appris.
sheet-intro-followup = Quelques semaines plus tard : { $count ->
    [one] une question
   *[other] { $formatted } questions
}. Reprends le même pseudo qu’au premier test.
sheet-errors = { $count ->
    [one] Il manque quelque chose ou une réponse ne va pas : c’est indiqué plus bas. Tes autres réponses sont gardées.
   *[other] { $formatted } choses manquent ou ne vont pas : c’est indiqué plus bas. Tes autres réponses sont gardées.
}
sheet-nickname = Ton pseudo
sheet-nickname-hint = Pas ton vrai nom, ni numéro de téléphone, ni e-mail. Garde le même à chaque test.
sheet-hint-several = Coche toutes les bonnes réponses.
sheet-hint-flags = Coche chaque partie du message qui doit te mettre la puce à l’oreille.
sheet-your-answer = Ta réponse
sheet-submit = Envoyer mes réponses
sheet-closed = Ce test est fermé : il ne prend plus de réponses. Demande à l’animateur.
sheet-done = Merci, { $nickname } ! Bonnes réponses : { $score } sur { $total }.
sheet-done-bye = Tes réponses sont enregistrées. Tu peux fermer cette page.

survey-title = Qu’en as-tu pensé ?
survey-intro = Trois petites questions. Il n’y a pas de mauvaise réponse.
survey-submit = Envoyer
survey-thanks = Merci ! Tes réponses sont enregistrées. Tu peux fermer cette page.
survey-liked = As-tu aimé l’atelier ?
survey-learned = As-tu appris quelque chose de nouveau ?
survey-know-what-to-do = Sais-tu quoi faire si quelque chose se passe mal en ligne ?
survey-useful = L’atelier m’a été utile.
survey-clear = Ce qui a été dit était clair.
survey-confident = Je me sens capable d’aider un enfant qui rencontre un problème en ligne.
survey-recommend = Je recommanderais cet atelier à d’autres.
survey-scale3-1 = Pas vraiment
survey-scale3-2 = Un peu
survey-scale3-3 = Oui, beaucoup
survey-scale5-1 = Pas du tout d’accord
survey-scale5-2 = Plutôt pas d’accord
survey-scale5-3 = Ni l’un ni l’autre
survey-scale5-4 = Plutôt d’accord
survey-scale5-5 = Tout à fait d’accord

tests-link = Tests sur téléphone
tests-title = Tests sur téléphone · { $workshop }
tests-back = L’atelier
tests-back-list = Tous les tests de l’atelier
tests-intro = Ouvrez un test avant l’atelier, puis de nouveau après : les enfants répondent sur leur téléphone avec le code ou le code QR, sous le même pseudo les deux fois. Les réponses d’un jeu en direct ou de fiches papier comptent dans le même test.
tests-none = Cette campagne n’a pas encore de test.
tests-make = En créer un
tests-facts = { $count ->
    [one] une question
   *[other] { $formatted } questions
} · { $audience }
tests-phase-pre = Avant l’atelier
tests-phase-post = Après l’atelier
tests-phase-followup = Suivi
tests-state-none = pas ouvert
tests-state-open = ouvert, code
tests-state-closed = fermé
tests-answered = { $count ->
    [0] aucun enfant n’a répondu
    [one] un enfant a répondu
   *[other] { $formatted } enfants ont répondu
}
tests-board = Afficher le code
tests-open = Ouvrir sur téléphone
tests-close = Fermer le test
tests-reopen = Rouvrir
tests-board-how = Scannez le code QR, ou ouvrez l’adresse et tapez le code :
tests-board-closed = Ce test est fermé : il ne prend plus de réponses.
tests-refresh = Mettre à jour

ctests-link = Tests avant/après
ctests-title = Tests · { $campaign }
ctests-back = La campagne
ctests-report = Le rapport
ctests-intro = Un test est une liste de questions posées avant un atelier puis après. Les enfants y répondent sur téléphone (depuis la page de l’atelier), dans un jeu en direct ou sur papier : les résultats saisis depuis les fiches papier se déposent ici en fichier CSV.
ctests-none = Pas encore de test.
ctests-new = Nouveau test
ctests-create = Créer le test
ctests-upload = Résultats papier (CSV)
ctests-upload-hint = Colonnes participant,establishment,age_band,phase,question,correct (pre ou post, numéro de question, 1 ou 0). Le fichier est enregistré en entier, ou rien.
ctests-upload-done = Enregistré : { $lines } lignes, { $participants } nouveaux participants, { $replaced } réponses remplacées.
ctests-upload-refused = Rien n’a été enregistré : { $count ->
    [one] une ligne pose problème.
   *[other] { $count } lignes posent problème.
}
test-field-title = Titre
test-field-module = Module
test-field-age-band = Tranche d’âge
test-field-count = Nombre de questions
test-field-count-hint = De 1 à 50, prises dans l’ordre du module pour cette tranche d’âge.
