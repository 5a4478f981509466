## Messages of the amane command line.
cli-listening = amane is listening on { $url }
cli-setup-link = No administrator exists yet. To create the first one, open this link within the hour: { $url }
cli-demo-accounts = Demonstration accounts created, all with the password "{ $password }":
cli-demo-skipped = The database already has accounts: demonstration data is not added.
cli-stopped = amane stopped cleanly.
cli-migrated = Database up to date (schema version { $version }).
cli-err-config = Invalid configuration: { $reason }
cli-err-config-file = Configuration file not found: { $path }. Check the path given to --config or AMANE_CONFIG.
cli-err-bind = Invalid listen address "{ $value }": expected IP:PORT, e.g. 127.0.0.1:8080.
cli-err-bind-in-use = Cannot listen on { $addr } ({ $reason }). Choose another address or port with --bind.
cli-err-data-dir = Cannot use the data directory { $path } ({ $reason }). Choose a writable directory with --data-dir.
cli-err-db-url = Invalid database URL: { $reason }.
cli-err-db-connect = Cannot open the database { $url } ({ $reason }). Check that it is running and that --database-url is right.
cli-err-migrate = Updating the database schema failed: { $reason }
cli-err-log-format = Unknown log format "{ $value }": choose text or json.
cli-err-lang = Unknown default language "{ $value }": choose fr, ar or en.
cli-err-public-url = Invalid public URL "{ $value }": expected http://… or https://…
cli-password-prompt = Password:
cli-err-stdin = Cannot read the password from standard input ({ $reason }).
cli-user-created = Account created: { $email } ({ $role }).
cli-err-invalid-field = { $field }: { $message }
cli-err-email-taken = An account with the address { $email } already exists.
cli-err-no-user = No active account with the address { $email }.
cli-token-created = API token created for { $email }. Keep it now: it will never be shown again.
cli-err-no-account = No account with the address { $email }.
cli-err-no-token = No API token has the id { $id }. `amane admin tokens --email …` lists the ids.
cli-tokens-none = { $email } has no API token.
cli-token-revoked = revoked on { $date }
cli-token-expired = expired on { $date }
cli-token-expires = valid until { $date }
cli-token-no-expiry = no expiry
cli-token-used = last used on { $date }
cli-token-never-used = never used
cli-token-revoked-now = Token { $id } revoked: it no longer opens the API.
cli-token-was-revoked = Token { $id } was already revoked.
cli-account-deactivated = Account { $email } turned off: its sessions have ended and its API tokens are revoked.
cli-account-activated = Account { $email } turned on again. Its old API tokens stay revoked: make new ones if needed.
cli-err-internal = Unexpected error: { $reason }
cli-err-read-file = Cannot read { $path } ({ $reason }).
cli-err-format = Unknown format "{ $value }": choose gift or moodle-xml.
cli-err-no-module = No module or question bank is called "{ $module }".
cli-import-skipped = { $path }: skipped, { $group }
cli-import-done = { $module }: { $imported } questions imported from { $format } ({ $inserted } new, { $updated } updated), { $skipped } skipped.
cli-export-unsupported = { $count } questions cannot be written as { $format } and were left out: { $ids }
cli-csv-row-error = { $path }:{ $line }: column { $column }: { $message }
cli-est-file-error = { $path }: { $message }
cli-est-not-utf8 = the file is not UTF-8 text; save it as UTF-8 (with or without BOM).
cli-est-empty = the file is empty.
cli-est-missing-columns = missing columns: { $columns }.
cli-est-malformed = line { $line }: { $reason }
cli-est-refused = { $count } bad rows; nothing was imported. Fix them (or, for establishments, use --skip-invalid to import the good rows).
cli-est-done = { $inserted } establishments added, { $updated } updated.
cli-est-rejects = { $count } rows rejected, written with their reasons to { $path }.
cli-demo-data = Demonstration data added: { $schools } schools in the 12 regions and { $campaigns } campaigns.
cli-err-no-establishment = No establishment has the code { $code }.
cli-assigned = { $email } can now register for { $code }.
cli-regions-done = { $count } regions imported.

## amane content check
cli-content-error = error
cli-content-warning = warning
cli-content-summary = { $errors ->
    [one] one error
   *[other] { $errors } errors
}, { $warnings ->
    [one] one warning
   *[other] { $warnings } warnings
}.
cli-content-fix-needs-dir = --fix-direction changes files on disk: name the folder to fix (amane content check --fix-direction content/).
cli-content-fixed = { $file }:{ $line }: "{ $text }" marked left to right (U+200E before and after)
cli-content-fixed-summary = { $count ->
    [0] No run needed direction marks.
    [one] One run marked left to right in { $files ->
        [one] one file
       *[other] { $files } files
    }.
   *[other] { $count } runs marked left to right in { $files ->
        [one] one file
       *[other] { $files } files
    }.
}
cli-csv-earlier-line = { $reason } (see line { $line })
cli-results-done = { $lines } answers stored ({ $participants } new participants, { $replaced } answers replaced).
cli-results-no-test = No test with the id { $id }: copy it from the campaign's tests page or the API.

## amane demo --scale national
cli-demo-national-start = Building the national demonstration campaign (simulated data, no real child): { $schools } schools over the 12 regions, { $participants } children, { $answers } test answers. This takes a few minutes and several GB.
cli-demo-national-schools = { $count } generated schools added to the registry.
cli-demo-national-workshops = Workshops, classes and attendance: { $done } of { $total } workshops.
cli-demo-national-answers = Pre/post test: { $done } of { $total } children's answers written ({ $seconds } s).
cli-demo-national-done = National demonstration campaign ready in { $seconds } s: { $workshops } workshops, { $participants } children, { $answers } simulated answers. Campaign { $campaign }, test { $test }.
cli-demo-national-certificates = A workshop whose 192 children were checked in from rosters prints 200 certificates: /workshops/{ $workshop }/certificates.pdf
cli-demo-national-skipped = The database already had campaigns: the national demonstration campaign is only added to an empty database.
cli-purge-none = No campaign has passed its retention period: nothing to purge.
cli-purge-would = { $title } (retention ended { $date }) would lose: { $rosters } rosters, { $adults } adults' names and e-mails, { $checkins } check-ins, { $certificates } certificates, { $players } live players, { $participants } test codes and { $answers } answers. Its figures stay.
cli-purge-done = { $title } (retention ended { $date }): removed { $rosters } rosters, { $adults } adults' names and e-mails, { $checkins } check-ins, { $certificates } certificates, { $players } live players, { $participants } test codes and { $answers } answers. Its figures stay.
cli-purge-games = { $players } players of games outside any campaign, ended more than 90 days ago, removed.
cli-err-db-in-use = The database { $path } is in use by another amane ({ $reason }). Stop it first, or give this one another --data-dir.
cli-db-locked = a running amane serve holds its lock
cli-backup-postgres = A PostgreSQL database is backed up with pg_dump, not amane backup: see "Backups" in docs/OPERATIONS.md.
cli-restore-postgres = A PostgreSQL database is restored with pg_restore or psql, not amane restore: see "Backups" in docs/OPERATIONS.md.
cli-err-backup-exists = { $path } already exists: choose a new file name (a backup never overwrites one).
cli-err-backup-write = Cannot write the backup to { $path } ({ $reason }).
cli-err-backup-unreadable = { $path } is not a usable amane backup: { $reason }. Nothing was changed.
cli-err-no-such-file = no such file
cli-backup-done = Backup written to { $path }: schema version { $version }, { $campaigns } campaigns, { $size } KB.
cli-restore-done = Restored from { $path }: { $campaigns } campaigns, { $users } accounts, schema version { $version }.
cli-restore-kept = The database it replaced is kept as { $path }.
cli-account-unlocked = Sign-in blocks of { $email } lifted: it can sign in again from anywhere.
cli-err-bank-unreadable = The question bank cannot be read at line { $line }: { $reason }
