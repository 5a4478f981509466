## Messages of the amane command line.
cli-listening = amane écoute sur { $url }
cli-setup-link = Aucun administrateur n’existe encore. Pour créer le premier, ouvrez ce lien dans l’heure : { $url }
cli-demo-accounts = Comptes de démonstration créés, tous avec le mot de passe « { $password } » :
cli-demo-skipped = La base de données contient déjà des comptes : les données de démonstration ne sont pas ajoutées.
cli-stopped = amane s’est arrêté proprement.
cli-migrated = Base de données à jour (version du schéma : { $version }).
cli-err-config = Configuration invalide : { $reason }
cli-err-config-file = Fichier de configuration introuvable : { $path }. Vérifiez le chemin donné à --config ou AMANE_CONFIG.
cli-err-bind = Adresse d’écoute « { $value } » invalide : le format attendu est IP:PORT, par exemple 127.0.0.1:8080.
cli-err-bind-in-use = Impossible d’écouter sur { $addr } ({ $reason }). Choisissez une autre adresse ou un autre port avec --bind.
cli-err-data-dir = Impossible d’utiliser le dossier de données { $path } ({ $reason }). Choisissez un dossier accessible en écriture avec --data-dir.
cli-err-db-url = URL de base de données invalide : { $reason }.
cli-err-db-connect = Impossible d’ouvrir la base de données { $url } ({ $reason }). Vérifiez qu’elle est démarrée et que la valeur de --database-url est correcte.
cli-err-migrate = La mise à jour du schéma de la base de données a échoué : { $reason }
cli-err-log-format = Format de journal inconnu « { $value } » : choisissez text ou json.
cli-err-lang = Langue par défaut inconnue « { $value } » : choisissez fr, ar ou en.
cli-err-public-url = URL publique « { $value } » invalide : le format attendu est http://… ou https://…
cli-password-prompt = Mot de passe :
cli-err-stdin = Impossible de lire le mot de passe depuis l’entrée standard ({ $reason }).
cli-user-created = Compte créé : { $email } ({ $role }).
cli-err-invalid-field = { $field } : { $message }
cli-err-email-taken = Un compte existe déjà avec l’adresse { $email }.
cli-err-no-user = Aucun compte actif avec l’adresse { $email }.
cli-token-created = Jeton d’API créé pour { $email }. Conservez-le maintenant : il ne sera plus jamais affiché.
cli-err-no-account = Aucun compte avec l’adresse { $email }.
cli-err-no-token = Aucun jeton d’API n’a l’identifiant { $id }. `amane admin tokens --email …` liste les identifiants.
cli-tokens-none = { $email } n’a aucun jeton d’API.
cli-token-revoked = révoqué le { $date }
cli-token-expired = expiré le { $date }
cli-token-expires = valable jusqu’au { $date }
cli-token-no-expiry = sans expiration
cli-token-used = utilisé pour la dernière fois le { $date }
cli-token-never-used = jamais utilisé
cli-token-revoked-now = Jeton { $id } révoqué : il n’ouvre plus l’API.
cli-token-was-revoked = Le jeton { $id } était déjà révoqué.
cli-account-deactivated = Compte { $email } désactivé : ses sessions sont fermées et ses jetons d’API révoqués.
cli-account-activated = Compte { $email } réactivé. Ses anciens jetons d’API restent révoqués : créez-en de nouveaux si besoin.
cli-err-internal = Erreur inattendue : { $reason }
cli-err-read-file = Impossible de lire { $path } ({ $reason }).
cli-err-format = Format inconnu « { $value } » : choisissez gift ou moodle-xml.
cli-err-no-module = Aucun module ni banque de questions ne s’appelle « { $module } ».
cli-import-skipped = { $path } : ignorées, { $group }
cli-import-done = { $module } : { $imported } questions importées depuis { $format } ({ $inserted } nouvelles, { $updated } mises à jour), { $skipped } ignorées.
cli-export-unsupported = { $count } questions ne peuvent pas être écrites en { $format } et ont été laissées de côté : { $ids }
cli-csv-row-error = { $path }:{ $line } : colonne { $column } : { $message }
cli-est-file-error = { $path } : { $message }
cli-est-not-utf8 = le fichier n’est pas du texte UTF-8 ; enregistrez-le en UTF-8 (avec ou sans BOM).
cli-est-empty = le fichier est vide.
cli-est-missing-columns = colonnes manquantes : { $columns }.
cli-est-malformed = ligne { $line } : { $reason }
cli-est-refused = { $count } lignes invalides ; rien n’a été importé. Corrigez-les, ou utilisez --skip-invalid pour importer les lignes valides.
cli-est-done = { $inserted } établissements ajoutés, { $updated } mis à jour.
cli-est-rejects = { $count } lignes rejetées, écrites avec leurs motifs dans { $path }.
cli-demo-data = Données de démonstration ajoutées : { $schools } établissements dans les 12 régions et { $campaigns } campagnes.
cli-err-no-establishment = Aucun établissement n’a le code { $code }.
cli-assigned = { $email } peut désormais inscrire pour { $code }.
cli-regions-done = { $count } régions importées.

## amane content check
cli-content-error = erreur
cli-content-warning = avertissement
cli-content-summary = { $errors ->
    [one] { $errors } erreur
   *[other] { $errors } erreurs
}, { $warnings ->
    [one] { $warnings } avertissement
   *[other] { $warnings } avertissements
}.
cli-content-fix-needs-dir = --fix-direction modifie des fichiers : indiquez le dossier à corriger (amane content check --fix-direction content/).
cli-content-fixed = { $file }:{ $line } : « { $text } » marqué de gauche à droite (U+200E avant et après)
cli-content-fixed-summary = { $count ->
    [0] Aucune suite n’avait besoin de marques de direction.
    [one] Une suite marquée de gauche à droite dans { $files ->
        [one] un fichier
       *[other] { $files } fichiers
    }.
   *[other] { $count } suites marquées de gauche à droite dans { $files ->
        [one] un fichier
       *[other] { $files } fichiers
    }.
}
cli-csv-earlier-line = { $reason } (voir la ligne { $line })
cli-results-done = { $lines } réponses enregistrées ({ $participants } nouveaux participants, { $replaced } réponses remplacées).
cli-results-no-test = Aucun test n’a l’identifiant { $id } : copiez-le depuis la page des tests de la campagne ou l’API.

## amane demo --scale national
cli-demo-national-start = Construction de la campagne nationale de démonstration (données simulées, aucun enfant réel) : { $schools } établissements dans les 12 régions, { $participants } enfants, { $answers } réponses au test. Cela prend quelques minutes et plusieurs Go.
cli-demo-national-schools = { $count } établissements générés ajoutés au registre.
cli-demo-national-workshops = Ateliers, classes et présences : { $done } sur { $total } ateliers.
cli-demo-national-answers = Test avant/après : réponses de { $done } enfants sur { $total } écrites ({ $seconds } s).
cli-demo-national-done = Campagne nationale de démonstration prête en { $seconds } s : { $workshops } ateliers, { $participants } enfants, { $answers } réponses simulées. Campagne { $campaign }, test { $test }.
cli-demo-national-certificates = Un atelier dont les 192 enfants ont été pointés sur les listes imprime 200 attestations : /workshops/{ $workshop }/certificates.pdf
cli-demo-national-skipped = La base contenait déjà des campagnes : la campagne nationale de démonstration n’est ajoutée qu’à une base vide.
cli-purge-none = Aucune campagne n’a dépassé sa durée de conservation : rien à purger.
cli-purge-would = { $title } (conservation terminée le { $date }) perdrait : { $rosters } listes d’enfants, { $adults } noms et e-mails d’adultes, { $checkins } pointages, { $certificates } attestations, { $players } joueurs de quiz, { $participants } codes de test et { $answers } réponses. Ses chiffres restent.
cli-purge-done = { $title } (conservation terminée le { $date }) : supprimés { $rosters } listes d’enfants, { $adults } noms et e-mails d’adultes, { $checkins } pointages, { $certificates } attestations, { $players } joueurs de quiz, { $participants } codes de test et { $answers } réponses. Ses chiffres restent.
cli-purge-games = { $players } joueurs de quiz hors campagne, terminés depuis plus de 90 jours, supprimés.
cli-err-db-in-use = La base { $path } est utilisée par un autre amane ({ $reason }). Arrêtez-le d’abord, ou donnez à celui-ci un autre --data-dir.
cli-db-locked = un amane serve en marche détient son verrou
cli-backup-postgres = Une base PostgreSQL se sauvegarde avec pg_dump, pas avec amane backup : voir « Sauvegardes » dans docs/OPERATIONS.md.
cli-restore-postgres = Une base PostgreSQL se restaure avec pg_restore ou psql, pas avec amane restore : voir « Sauvegardes » dans docs/OPERATIONS.md.
cli-err-backup-exists = { $path } existe déjà : choisissez un nouveau nom de fichier (une sauvegarde n’en écrase jamais une autre).
cli-err-backup-write = Impossible d’écrire la sauvegarde dans { $path } ({ $reason }).
cli-err-backup-unreadable = { $path } n’est pas une sauvegarde amane utilisable : { $reason }. Rien n’a été modifié.
cli-err-no-such-file = fichier introuvable
cli-backup-done = Sauvegarde écrite dans { $path } : schéma version { $version }, { $campaigns } campagnes, { $size } Ko.
cli-restore-done = Restauré depuis { $path } : { $campaigns } campagnes, { $users } comptes, schéma version { $version }.
cli-restore-kept = La base remplacée est conservée sous { $path }.
cli-account-unlocked = Blocages de connexion de { $email } levés : il peut de nouveau se connecter de partout.
cli-err-bank-unreadable = La banque de questions est illisible à la ligne { $line } : { $reason }
