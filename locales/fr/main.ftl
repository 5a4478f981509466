## Layout
skip-to-content = Aller au contenu
brand-home = page d’accueil
lang-switcher = Langue
nav-main = Navigation principale
nav-dashboard = Tableau de bord
nav-logout = Se déconnecter
footer-tagline = amane : campagnes de sensibilisation à la sécurité en ligne pour les enfants et le personnel des écoles.

## Roles
role-admin = Administrateur
role-organizer = Organisateur
role-facilitator = Animateur
role-coordinator = Coordinateur d’établissement
role-observer = Observateur
role-admin-intro = Votre rôle : { $role }. Vous gérez les comptes, les données de référence et la configuration de cette installation.
role-organizer-intro = Votre rôle : { $role }. Vous planifiez les campagnes, leurs objectifs et leurs ateliers, et vous en suivez les résultats.
role-facilitator-intro = Votre rôle : { $role }. Vous animez les ateliers à partir de fiches pédagogiques prêtes à l’emploi, avec un quiz en direct.
role-coordinator-intro = Votre rôle : { $role }. Vous inscrivez les classes et le personnel de votre établissement, et vous suivez les présences.
role-observer-intro = Votre rôle : { $role }. Vous consultez des chiffres agrégés et anonymisés sur la portée et les acquis des campagnes.

## Home
home-title = Des campagnes pour un Internet plus sûr
home-lead = amane aide un ministère, un réseau d’écoles ou une association à planifier et à animer des campagnes de sensibilisation à la sécurité en ligne, à en mesurer les résultats et à en rendre compte, des ateliers en classe jusqu’au rapport destiné aux partenaires.
home-staff-login = Connexion du personnel
home-who-title = À qui s’adresse amane ?
home-who-organizers = Organisateurs
home-who-organizers-text = Créez une campagne, fixez ses objectifs et répartissez ses ateliers entre les établissements.
home-who-facilitators = Animateurs
home-who-facilitators-text = Animez un atelier à partir d’une fiche pédagogique, avec un quiz en direct projeté sur l’écran de la classe.
home-who-schools = Établissements
home-who-schools-text = Inscrivez vos classes et votre personnel, et suivez les présences.
home-who-children = Enfants
home-who-children-text = Pas besoin de compte : un code et un pseudonyme suffisent pour rejoindre le quiz, en français, en arabe ou en anglais.

## Login
login-title = Connexion
field-email = Adresse e-mail
field-password = Mot de passe
login-submit = Se connecter
login-help = Mot de passe oublié ? Adressez-vous à l’administrateur de votre installation.
login-missing = Saisissez votre adresse e-mail et votre mot de passe.
login-invalid = Adresse e-mail ou mot de passe incorrect.
login-invalid-left = Adresse e-mail ou mot de passe incorrect. { $left ->
    [0] La connexion est maintenant suspendue quelques minutes.
    [one] Encore un échec et la connexion sera suspendue quelques minutes.
   *[other] Encore { $formatted } échecs et la connexion sera suspendue quelques minutes.
}
login-throttled = Trop de tentatives. Réessayez dans { $minutes ->
    [one] { $formatted } minute
   *[other] { $formatted } minutes
}.
logout-done = Vous êtes déconnecté.

## Setup
setup-title = Créer le premier administrateur
setup-lead = Cette installation n’a pas encore d’administrateur. Ce lien ne peut servir qu’une seule fois et expire au bout d’une heure.
form-has-errors = Certains champs doivent être corrigés : consultez les messages ci-dessous.
field-display-name = Nom affiché
field-new-password = Mot de passe
field-password-confirm = Confirmation du mot de passe
password-hint = Au moins { $formatted } caractères. Une phrase de plusieurs mots est facile à retenir et difficile à deviner.
setup-submit = Créer le compte

## Dashboard
dashboard-title = Tableau de bord
dashboard-greeting = Bonjour, { $name }
dashboard-today = Nous sommes le { $date }.
dashboard-your-work = Vos espaces
dashboard-accounts = { $count ->
    [one] { $formatted } compte
   *[other] { $formatted } comptes
}
card-coming = Bientôt disponible
card-accounts-title = Comptes du personnel
card-accounts-body = Désactivez ou réactivez des comptes et révoquez leurs jetons d’API. Les nouveaux comptes se créent avec amane admin create-user ou par l’API.
card-campaigns-title = Campagnes
card-campaigns-body = Planifiez une campagne, ses objectifs (enfants, personnel, ateliers) et ses partenaires.
card-establishments-title = Établissements
card-establishments-body = Le répertoire des établissements par région et par province, importable depuis un fichier CSV.
card-curriculum-title = Programme
card-curriculum-body = Des modules prêts à l’emploi par tranche d’âge : mots de passe, arnaques, cyberharcèlement, IA…
card-reports-title = Rapports
card-reports-body = La portée et les acquis des campagnes, agrégés et anonymisés.
card-workshops-title = Mes ateliers
card-workshops-body = Votre agenda d’ateliers, avec la fiche pédagogique de chacun.
card-live-title = Quiz en direct
card-live-body = Projetez un quiz : les enfants répondent depuis un téléphone ou une tablette, grâce à un code.
card-registrations-title = Inscriptions
card-registrations-body = Trouvez un atelier dans une campagne et inscrivez-y les classes et le personnel de votre établissement.
card-school-workshops-title = Ateliers de mes établissements
card-school-workshops-body = Les ateliers prévus dans vos établissements, vos inscriptions et les présences.
card-checkin-title = Pointage
card-checkin-body = Marquez les enfants présents sur un téléphone, avec le code de l’atelier.

## Errors
error-back-home = Retour à l’accueil
error-go-back = Revenez au formulaire avec votre navigateur, corrigez-le et envoyez-le à nouveau.
retry-in-minutes = Vous pourrez réessayer dans { $minutes ->
    [one] { $formatted } minute
   *[other] { $formatted } minutes
}.

## Curriculum
nav-curriculum = Programme
curriculum-title = Programme
curriculum-lead = Des modules prêts à animer sur la sécurité en ligne, pour chaque tranche d’âge et pour les adultes, en français, en arabe et en anglais.
curriculum-filter-audience = Public
curriculum-filter-competency = Compétence
curriculum-all-audiences = Tous les publics
curriculum-all-competencies = Toutes les compétences
curriculum-apply = Filtrer
curriculum-count = { $count ->
    [0] Aucun module ne correspond.
    [one] Un module.
   *[other] { $formatted } modules.
}
audience-8-11 = 8–11 ans
audience-12-14 = 12–14 ans
audience-15-17 = 15–17 ans
audience-staff = Personnel scolaire
audience-parents = Parents
competency-account-security = Sécurité des comptes
competency-privacy = Vie privée
competency-scam-awareness = Arnaques
competency-respectful-communication = Communication respectueuse
competency-ai-literacy = Intelligence artificielle
competency-media-literacy = Éducation aux médias
competency-wellbeing = Bien-être
competency-safe-contact = Rencontres en ligne
competency-help-seeking = Demander de l’aide
competency-adult-guidance = Accompagner les enfants
module-facts = { $minutes_formatted } min · { $questions ->
    [one] { $questions_formatted } question
   *[other] { $questions_formatted } questions
}
module-objectives = Objectifs d’apprentissage
module-materials = Supports de l’atelier
module-lesson = Leçon
module-guide = Guide de l’animateur
module-handout = Fiche à distribuer
module-questions = Questions
module-guide-heading = { $title } : guide de l’animateur
module-handout-heading = { $title } : fiche à distribuer
module-poster = Affiche (A3)
module-poster-heading = { $title } : affiche
module-questions-heading = { $title } : questions
question-type-single = Une seule réponse
question-type-multiple = Plusieurs réponses
question-type-true_false = Vrai ou faux
question-type-short_answer = Réponse courte
question-type-red_flags = Repère les signaux d’alerte
question-correct = bonne réponse
question-answer = Réponse :
question-explanation = Pourquoi :
answer-true = Vrai
answer-false = Faux
rf-format-sms = SMS
rf-format-email = E-mail
rf-format-chat = Discussion
rf-format-social = Publication sur un réseau social
rf-format-voice = Message vocal (transcription)
rf-try = Essayer ce scénario
rf-instructions = Touche chaque passage qui te semble suspect, puis vérifie ta réponse.
rf-check = Vérifier ma réponse
rf-score = Ton score : { $score_formatted } sur { $max_formatted }.
rf-flags-title = Les signaux d’alerte
rf-found = Repéré :
rf-missed = Manqué :
rf-found-count = Tu as repéré { $found_formatted } des { $max_formatted } signaux d’alerte.
rf-false-count = { $count ->
    [0] Tu n’as touché aucune partie sans danger.
    [one] Tu as touché { $formatted } partie sans danger (une fausse alerte).
   *[other] Tu as touché { $formatted } parties sans danger (des fausses alertes).
}
rf-score-rule = Calcul du score : un point par signal d’alerte repéré, moins un point par partie sans danger touchée (jamais moins de zéro).
rf-false-alarm = Fausse alerte :
rf-false-alarm-why = cette partie est sans danger.
rf-again = Recommencer
contact-fallback-child_helpline = la ligne d’écoute nationale pour les enfants (numéro disponible auprès de l’école)
contact-fallback-report_portal = la plateforme officielle de signalement des contenus illicites (adresse disponible auprès de l’école)
contact-fallback-cybercrime_police = la police (unité chargée de la cybercriminalité)
contact-fallback-data_protection_authority = la commission nationale chargée de la protection des données personnelles
contact-fallback-emergency = les numéros d’urgence (police, protection civile), affichés à l’école
law-fallback-intimate_images = demande à un adulte de confiance ou à l’administration de l’école ce que prévoit la loi de ton pays
law-fallback-sextortion = demande à un adulte de confiance ou à l’administration de l’école ce que prévoit la loi de ton pays
law-fallback-harassment = demande à un adulte de confiance ou à l’administration de l’école ce que prévoit la loi de ton pays
law-fallback-fraud = demande à un adulte de confiance ou à l’administration de l’école ce que prévoit la loi de ton pays
law-fallback-personal_data = demande à un adulte de confiance ou à l’administration de l’école ce que prévoit la loi de ton pays
law-fallback-hate_speech = demande à un adulte de confiance ou à l’administration de l’école ce que prévoit la loi de ton pays
law-fallback-impersonation = demande à un adulte de confiance ou à l’administration de l’école ce que prévoit la loi de ton pays
banks-title = Banques de questions importées
bank-facts = { $count ->
    [one] { $formatted } question
   *[other] { $formatted } questions
} · { $lang }
import-heading = Importer une banque de questions
import-lead = Reprenez des questions de Moodle ou d’un autre outil de quiz : un fichier GIFT ou un export Moodle XML. Les questions à choix, vrai/faux et à réponse courte sont importées avec leurs rétroactions ; les autres types sont listés et ignorés.
import-file = Fichier de la banque de questions
import-file-hint = .gift, .txt ou .xml, jusqu’à 8 Mo, en UTF-8.
import-module = Identifiant du module
import-module-hint = Minuscules, chiffres et tirets, par exemple securite-5e. Importer à nouveau dans le même identifiant met ses questions à jour.
import-title = Titre
import-lang = Langue des questions
import-audiences = Publics des questions
import-sharing = Qui peut voir et utiliser cette banque
import-sharing-staff = Tout le personnel
import-sharing-private = Moi seulement (et les organisateurs)
import-submit = Importer
import-done-heading = Banque de questions importée
import-summary = { $imported } questions importées ({ $inserted } nouvelles, { $updated } mises à jour) ; { $skipped } ignorées.
import-skipped-title = Questions ignorées
import-skip-group-one = { $reason } (ligne { $lines })
import-skip-group = { $reason } : { $count } (lignes { $lines })
import-skip-group-more = { $reason } : { $count } (lignes { $lines } et { $more } autres)
import-skip-type = questions de type « { $kind } », non prises en charge
import-skip-essay = questions à réponse rédigée, pas encore prises en charge
import-skip-numerical = questions numériques, pas encore prises en charge
import-skip-matching = questions d’appariement, pas encore prises en charge
import-skip-description = descriptions (du texte sans réponses), pas des questions
import-skip-cloze = questions à réponses intégrées (cloze), non prises en charge
import-skip-unclosed = une « {"{"} » jamais fermée (le fichier est peut-être coupé)
import-skip-no-text = pas de texte de question (un titre ou des réponses seuls)
import-skip-bad-answers = des réponses illisibles (chacune commence par = ou ~)
import-skip-no-right = aucune bonne réponse
import-skip-no-type = une question sans type
import-see-bank = Voir les questions
import-unreadable = Le fichier est illisible à la ligne { $line } : { $reason }

## Establishments
nav-establishments = Établissements
est-title = Établissements
est-total = { $count ->
    [0] Aucun établissement ne correspond.
    [one] Un établissement.
   *[other] { $formatted } établissements.
}
est-import-heading = Importer des établissements (CSV)
est-import-lead = Un fichier CSV en UTF-8 (avec ou sans BOM), séparé par des virgules ou des points-virgules, avec les colonnes code, nom_fr, nom_ar, region, province, commune, niveau, secteur, milieu (ou leurs noms anglais) dans n’importe quel ordre. Les établissements sont reconnus par leur code : un nouvel import les met à jour.
est-file = Fichier CSV
est-file-hint = Régions par code (01–12) ou par nom en français ou en arabe ; niveaux primaire/collège/lycée/supérieur/autre.
est-skip-invalid = Importer les lignes valides même si d’autres sont refusées
est-import-done = { $inserted } établissements ajoutés, { $updated } mis à jour, { $rejected } lignes refusées.
est-import-refused = { $count } lignes sont invalides : rien n’a été importé. Corrigez-les, ou cochez la case pour importer les lignes valides.
est-search = Rechercher
est-region = Région
est-level = Niveau
est-code = Code
est-name = Nom
est-province = Province
est-sector = Secteur
est-setting = Milieu
est-line = Ligne
est-column = Colonne
est-value = Valeur
est-reason = Problème
est-all-regions = Toutes les régions
est-all-levels = Tous les niveaux
level-primary = Primaire
level-middle = Collège
level-secondary = Lycée
level-higher = Supérieur
level-other = Autre
sector-public = Public
sector-private = Privé
setting-urban = Urbain
setting-rural = Rural
pager = Pages
pager-prev = Précédente
pager-next = Suivante
pager-line = Page { $page } sur { $pages }

## Campaigns
nav-campaigns = Campagnes
campaigns-title = Campagnes
campaign-new = Nouvelle campagne
campaign-none = Aucune campagne pour l’instant.
campaign-edit = Modifier la campagne
campaign-save = Enregistrer
campaign-titles = Titre et thème
campaign-period = Période
campaign-targets = Objectifs
campaign-target = Public visé
campaign-goal = Objectif
campaign-partners = Partenaires
campaign-period-line = Du { $start } au { $end }
campaign-targets-line = Objectifs : { $children } enfants, { $staff } cadres, { $workshops } ateliers
campaign-retention-line = Les données des enfants sont conservées { $formatted } jours après la fin de la campagne, jusqu’au { $date } ; ensuite pseudonymes, pointages, attestations et réponses sont supprimés et les chiffres restent.
campaign-purged-line = Les données des enfants ont été supprimées le { $date }, à la fin de leur durée de conservation ; les chiffres restent.
campaign-progress-note = Inscrits : places confirmées. Atteints : personnes présentes, ateliers dont la présence est saisie, établissements où quelqu’un était présent.
campaign-status-draft = Brouillon
campaign-status-open = Ouverte
campaign-status-closed = Close
campaign-target-children = Enfants
campaign-target-staff = Personnel
campaign-target-parents = Parents
campaign-target-workshops = Ateliers
campaign-target-establishments = Établissements
campaign-field-title-fr = Titre en français
campaign-field-title-ar = Titre en arabe
campaign-field-title-en = Titre en anglais
campaign-field-theme-fr = Thème en français
campaign-field-theme-ar = Thème en arabe
campaign-field-theme-en = Thème en anglais
campaign-field-starts-on = Premier jour
campaign-field-ends-on = Dernier jour
campaign-field-time-zone = Fuseau horaire
campaign-field-target-children = Enfants
campaign-field-target-staff = Personnel
campaign-field-target-parents = Parents
campaign-field-target-workshops = Ateliers
campaign-field-target-establishments = Établissements
campaign-field-partners = Organisations partenaires (une par ligne ; pour la nommer dans chaque langue : français | arabe | anglais)
campaign-field-retention-days = Conservation des données des enfants (jours après la fin)
campaign-field-status = Statut

## Workshops
nav-my-workshops = Mes ateliers
agenda-title = Ateliers
agenda-mine = Mes ateliers
agenda-mine-schools = Les ateliers de mes établissements
agenda-empty = Aucun atelier programmé.
agenda-ics = Ajouter à mon agenda (.ics)
agenda-details = { $place } · { $audience } · { $lang } · { $capacity } places · { $facilitators }
workshop-new = Programmer un atelier
workshop-modules = Modules du programme
workshop-facilitators = Animateurs
workshop-field-title = Titre
workshop-field-establishment = Établissement (si l’atelier a lieu dans une école)
workshop-field-venue-name = Lieu (s’il ne s’agit pas d’un établissement du répertoire)
workshop-field-room = Salle
workshop-field-date = Jour
workshop-field-start = Début (heure locale)
workshop-field-end = Fin (heure locale)
workshop-field-capacity = Capacité
workshop-field-audience = Public
workshop-field-lang = Langue
facilitator_busy-detail = Un animateur anime déjà « { $other } » à ce moment-là.
room_busy-detail = La salle est déjà occupée par « { $other } » à ce moment-là.

## Registrations
reg-title = Inscriptions
reg-none = Aucune inscription pour l’instant.
reg-new = Inscrire un groupe, du personnel ou des parents
reg-status = Statut
reg-cancel = Annuler
reg-submit = Inscrire
reg-seats-line = { $confirmed } places prises sur { $capacity } · { $waiting } en liste d’attente
reg-status-confirmed = Confirmée
reg-status-waiting = Liste d’attente
reg-status-cancelled = Annulée
reg-kind-group = Classe ou groupe d’enfants
reg-kind-staff = Membre du personnel
reg-kind-parents = Parents
reg-done-confirmed = Inscription enregistrée : les places sont confirmées.
reg-done-waiting = L’atelier est complet : l’inscription est en liste d’attente et sera confirmée automatiquement dès que des places se libèrent.
reg-field-establishment = Établissement
reg-field-kind = Qui
reg-field-label = Classe, groupe ou nom
reg-field-age-band = Tranche d’âge (enfants)
reg-field-seats = Places
reg-field-roster = Pseudonymes (facultatif, un par ligne)
reg-field-staff-email = E-mail (personnel et parents seulement)
reg-roster-hint = Les enfants ne sont jamais inscrits par leur nom : la liste ne contient que des pseudonymes, et aucune coordonnée.
reg-facilitators-line = Animateurs : { $names }
campaign-registered = Inscrits
campaign-reached = Atteints
campaign-progress = Avancement
campaign-percent = { $percent } %
reg-present = Présents
reg-present-save = Enregistrer
field_present_over_seats = Plus de présents que de places inscrites.
roster-link = Feuille d’émargement et codes de présence
roster-title = { $title } : feuille d’émargement
roster-code = Code de présence
roster-facts = { $establishment } · { $seats } places
roster-headcount-only = Pas de liste : saisissez le nombre de présents sur la page de l’atelier.
roster-present = présent
checkin-title = Pointer les présences
checkin-open = Ouvrir l’atelier
checkin-unknown = Aucun atelier n’a ce code de présence.
checkin-mark = Marquer présent
checkin-marked = Présent. { $count } sur { $seats } pointés pour ce groupe.
workshop-edit = Modifier l’atelier
checkin-list-title = Pointage : { $title }
checkin-back-workshop = Retour à l’atelier
checkin-search = Chercher un groupe ou un enfant
checkin-search-go = Chercher
checkin-show-all = Afficher tout le monde
checkin-none = Aucune inscription confirmée à pointer.
checkin-headcount = Présents (effectif)
checkin-is-present = présent·e
checkin-undo = Annuler
checkin-count-children = Enfants présents :
checkin-count-adults = Adultes présents :
checkin-count-line = { $present } sur { $registered }
checkin-group-count = { $present }/{ $seats }
checkin-hidden = { $count ->
    [one] { $formatted } groupe ne correspond pas.
   *[other] { $formatted } groupes ne correspondent pas.
}
checkin-qr-hint = Plutôt sur papier ? Chaque enfant a aussi un code QR sur la feuille imprimée.
checkin-list-link = Pointage
field_registration_not_confirmed = Cette inscription n’est pas confirmée (liste d’attente ou annulée).
campaign-by-region = Par région
campaign-region-registry = Établissements du répertoire
campaign-region-registered = Établissements inscrits
campaign-region-reached = Établissements touchés (couverture)
campaign-region-children-registered = Enfants inscrits
campaign-region-children-present = Enfants présents
campaign-region-none = Hors répertoire
campaign-by-region-note = Couverture : la part des établissements de la région, dans le répertoire, où quelqu’un a participé.
campaign-filter-school = Établissement (nom ou code)
campaign-filter-date = Jour
campaign-filter-all-regions = Toutes les régions
campaign-filter-clear = Effacer les filtres
campaign-agenda-shown = { $count ->
    [one] { $formatted } atelier
   *[other] { $formatted } ateliers
}
workshop-establishment-hint = Tapez le code de l’établissement ou une partie de son nom ; laissez vide pour un lieu hors du répertoire.
field_establishment_ambiguous = Plusieurs établissements correspondent : tapez le code, ou davantage du nom.
workshop-establishment-pick = De quel établissement s’agit-il ?
field-at-line = ligne { $line } : { $message }
back-to = Retour à « { $place } »
reg-roster-show = Pseudonymes

## Compte personnel et jetons d’API (/account), comptes du personnel (/admin/users)
nav-account = Mon compte
account-title = Mon compte
account-tokens = Jetons d’API
account-tokens-intro = Un jeton permet à un script d’utiliser l’API d’amane en votre nom, avec votre rôle. Donnez à chaque script son propre jeton, pour la durée dont il a besoin, et révoquez-le quand le script s’arrête.
account-tokens-none = Vous n’avez aucun jeton d’API.
account-token-label = Libellé
account-token-made = Créé le
account-token-state = Validité
account-token-used = Dernière utilisation
account-token-never = jamais
account-token-revoked = révoqué le { $date }
account-token-expired = expiré le { $date }
account-token-expires = jusqu’au { $date }
account-token-no-expiry = sans expiration
account-token-revoke = Révoquer
account-token-new = Nouveau jeton
account-token-days = Valable (jours)
account-token-days-hint = De 1 à 365 jours.
account-token-create = Créer le jeton
account-token-created = Votre nouveau jeton :
account-token-once = Copiez-le maintenant et gardez-le en lieu sûr : amane n’en garde qu’une empreinte et ne l’affichera plus jamais.
users-title = Comptes du personnel
users-summary = { $count ->
    [one] { $count } compte, { $active } actif
   *[other] { $count } comptes, { $active } actifs
}
users-intro = Désactiver un compte ferme ses sessions et révoque ses jetons d’API immédiatement ; le réactiver ne rend pas les anciens jetons.
users-name = Nom
users-role = Rôle
users-state = État
users-tokens = Jetons d’API valides
users-action = Action
users-active = actif
users-inactive = désactivé
users-no-tokens = aucun
users-deactivate = Désactiver
users-activate = Réactiver
users-you = (vous)
users-unlock = Lever les blocages de connexion
users-unlocked = Blocages levés : le compte peut de nouveau se connecter de partout.
audit-title = Journal d’audit
audit-summary = { $count ->
    [one] { $formatted } entrée
   *[other] { $formatted } entrées
}
audit-intro = Chaque connexion et tentative échouée, chaque modification faite par un membre du personnel, chaque import et export, avec qui, quand et depuis quelle adresse. Les enfants n’y figurent pas, et aucun pseudonyme ni contact n’y est jamais écrit.
audit-csv = Télécharger en CSV
audit-when = Quand
audit-who = Qui
audit-what = Quoi
audit-status = Réponse
audit-where = Adresse
audit-unknown-account = (compte inexistant)
users-audit = Journal d’audit
