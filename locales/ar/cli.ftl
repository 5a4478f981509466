## Messages of the amane command line.
cli-listening = أمان يستمع على { $url }
cli-setup-link = لا يوجد أي مدير بعدُ. لإنشاء المدير الأول، افتح هذا الرابط خلال الساعة القادمة: { $url }
cli-demo-accounts = تم إنشاء حسابات تجريبية، كلها بكلمة المرور «{ $password }»:
cli-demo-skipped = تحتوي قاعدة البيانات بالفعل على حسابات: لن تُضاف البيانات التجريبية.
cli-stopped = توقف أمان بشكل سليم.
cli-migrated = قاعدة البيانات محيَّنة (إصدار المخطط: { $version }).
cli-err-config = إعدادات غير صالحة: { $reason }
cli-err-config-file = ملف الإعدادات غير موجود: { $path }. تحقق من المسار المحدد في --config أو AMANE_CONFIG.
cli-err-bind = عنوان استماع غير صالح «{ $value }»: الصيغة المتوقعة IP:PORT، مثلًا 127.0.0.1:8080.
cli-err-bind-in-use = تعذر الاستماع على { $addr } ({ $reason }). اختر عنوانًا أو منفذًا آخر عبر --bind.
cli-err-data-dir = تعذر استعمال مجلد البيانات { $path } ({ $reason }). اختر مجلدًا قابلًا للكتابة عبر --data-dir.
cli-err-db-url = عنوان قاعدة البيانات غير صالح: { $reason }.
cli-err-db-connect = تعذر فتح قاعدة البيانات { $url } ({ $reason }). تحقق من أنها قيد التشغيل ومن صحة قيمة --database-url.
cli-err-migrate = فشل تحديث مخطط قاعدة البيانات: { $reason }
cli-err-log-format = صيغة سجل غير معروفة «{ $value }»: اختر text أو json.
cli-err-lang = لغة افتراضية غير معروفة «{ $value }»: اختر fr أو ar أو en.
cli-err-public-url = عنوان عمومي غير صالح «{ $value }»: الصيغة المتوقعة http://… أو https://…
cli-password-prompt = كلمة المرور:
cli-err-stdin = تعذرت قراءة كلمة المرور من المدخل القياسي ({ $reason }).
cli-user-created = تم إنشاء الحساب: { $email } ({ $role }).
cli-err-invalid-field = { $field }: { $message }
cli-err-email-taken = يوجد بالفعل حساب بالعنوان { $email }.
cli-err-no-user = لا يوجد حساب نشط بالعنوان { $email }.
cli-token-created = تم إنشاء رمز API للحساب { $email }. احتفظ به الآن: لن يُعرض مرة أخرى.
cli-err-no-account = لا يوجد حساب بالعنوان { $email }.
cli-err-no-token = لا يوجد رمز API بالمعرّف { $id }. الأمر `amane admin tokens --email …` يعرض المعرّفات.
cli-tokens-none = ليس للحساب { $email } أي رمز API.
cli-token-revoked = أُلغي في { $date }
cli-token-expired = انتهت صلاحيته في { $date }
cli-token-expires = صالح حتى { $date }
cli-token-no-expiry = بلا تاريخ انتهاء
cli-token-used = آخر استعمال في { $date }
cli-token-never-used = لم يُستعمل قط
cli-token-revoked-now = أُلغي الرمز { $id }: لم يعد يفتح الـAPI.
cli-token-was-revoked = الرمز { $id } ملغى من قبل.
cli-account-deactivated = عُطّل الحساب { $email }: أُغلقت جلساته وأُلغيت رموز API الخاصة به.
cli-account-activated = أُعيد تفعيل الحساب { $email }. تبقى رموزه القديمة ملغاة: أنشئ رموزًا جديدة عند الحاجة.
cli-err-internal = خطأ غير متوقع: { $reason }
cli-err-read-file = تعذرت قراءة { $path } ({ $reason }).
cli-err-format = صيغة غير معروفة «{ $value }»: اختر gift أو moodle-xml.
cli-err-no-module = لا توجد وحدة أو بنك أسئلة باسم «{ $module }».
cli-import-skipped = { $path }: تم تجاوز { $group }
cli-import-done = { $module }: تم استيراد { $imported } من الأسئلة من { $format } ({ $inserted } جديدة، { $updated } محينة)، وتم تجاوز { $skipped }.
cli-export-unsupported = لا يمكن كتابة { $count } من الأسئلة بصيغة { $format } وتم استبعادها: { $ids }
cli-csv-row-error = { $path }:{ $line }: العمود { $column }: { $message }
cli-est-file-error = { $path }: { $message }
cli-est-not-utf8 = الملف ليس نصًا بترميز UTF-8؛ احفظه بترميز UTF-8 (مع BOM أو بدونه).
cli-est-empty = الملف فارغ.
cli-est-missing-columns = أعمدة ناقصة: { $columns }.
cli-est-malformed = السطر { $line }: { $reason }
cli-est-refused = { $count } من الأسطر غير صالحة؛ لم يتم استيراد أي شيء. صححها، أو استعمل --skip-invalid لاستيراد الأسطر الصالحة.
cli-est-done = تمت إضافة { $inserted } من المؤسسات وتحيين { $updated }.
cli-est-rejects = تم رفض { $count } من الأسطر، وكُتبت مع أسباب رفضها في { $path }.
cli-demo-data = تمت إضافة بيانات تجريبية: { $schools } مؤسسة في الجهات الاثنتي عشرة و{ $campaigns } حملات.
cli-err-no-establishment = لا توجد أي مؤسسة بالرمز { $code }.
cli-assigned = يمكن لـ { $email } الآن التسجيل باسم { $code }.
cli-regions-done = تم استيراد { $count } من الجهات.

## amane content check
cli-content-error = خطأ
cli-content-warning = تنبيه
cli-content-summary = { $errors ->
    [zero] لا أخطاء
    [one] خطأ واحد
    [two] خطآن
    [few] { $errors } أخطاء
    [many] { $errors } خطأً
   *[other] { $errors } خطأ
}، { $warnings ->
    [zero] لا تنبيهات
    [one] تنبيه واحد
    [two] تنبيهان
    [few] { $warnings } تنبيهات
    [many] { $warnings } تنبيهًا
   *[other] { $warnings } تنبيه
}.
cli-content-fix-needs-dir = الخيار --fix-direction يغيّر الملفات: حدّدوا المجلد المراد تصحيحه (amane content check --fix-direction content/).
cli-content-fixed = { $file }:{ $line }: «{ $text }» صار يُعرض من اليسار إلى اليمين (U+200E قبله وبعده)
cli-content-fixed-summary = { $count ->
    [0] لا توجد أي سلسلة تحتاج إلى علامات الاتجاه.
    [one] سلسلة واحدة صارت تُعرض من اليسار إلى اليمين (عدد الملفات: { $files }).
    [two] سلسلتان صارتا تُعرضان من اليسار إلى اليمين (عدد الملفات: { $files }).
    [few] { $count } سلاسل صارت تُعرض من اليسار إلى اليمين (عدد الملفات: { $files }).
   *[other] { $count } سلسلة صارت تُعرض من اليسار إلى اليمين (عدد الملفات: { $files }).
}
cli-csv-earlier-line = { $reason } (انظر السطر { $line })
cli-results-done = حُفظت { $lines } إجابة ({ $participants } مشاركًا جديدًا، و{ $replaced } إجابة مستبدلة).
cli-results-no-test = لا يوجد اختبار بالمعرّف { $id }: انسخه من صفحة اختبارات الحملة أو من واجهة البرمجة.

## amane demo --scale national
cli-demo-national-start = جارٍ إنشاء الحملة الوطنية للعرض (بيانات محاكاة، دون أي طفل حقيقي): { $schools } مؤسسة في الجهات الاثنتي عشرة، و{ $participants } طفل، و{ $answers } إجابة على الاختبار. يستغرق ذلك بضع دقائق وعدة جيغابايت.
cli-demo-national-schools = أضيفت { $count } مؤسسة مولدة إلى السجل.
cli-demo-national-workshops = الورشات والأقسام والحضور: { $done } من { $total } ورشة.
cli-demo-national-answers = الاختبار القبلي والبعدي: كُتبت إجابات { $done } من { $total } طفل ({ $seconds } ث).
cli-demo-national-done = الحملة الوطنية للعرض جاهزة في { $seconds } ث: { $workshops } ورشة، و{ $participants } طفل، و{ $answers } إجابة محاكاة. الحملة { $campaign }، الاختبار { $test }.
cli-demo-national-certificates = ورشة سُجل حضور أطفالها الـ192 من القوائم تطبع 200 شهادة: /workshops/{ $workshop }/certificates.pdf
cli-demo-national-skipped = كانت قاعدة البيانات تضم حملات من قبل: لا تضاف الحملة الوطنية للعرض إلا إلى قاعدة فارغة.
cli-purge-none = لم تتجاوز أي حملة مدة الاحتفاظ: لا شيء للحذف.
cli-purge-would = { $title } (انتهت مدة الاحتفاظ في { $date }) ستفقد: { $rosters } قوائم أطفال، { $adults } أسماء وعناوين بريد لراشدين، { $checkins } تسجيلات حضور، { $certificates } شهادات، { $players } لاعبين في المسابقات، { $participants } رموز اختبار و{ $answers } إجابات. تبقى أرقامها.
cli-purge-done = { $title } (انتهت مدة الاحتفاظ في { $date }): حُذفت { $rosters } قوائم أطفال، { $adults } أسماء وعناوين بريد لراشدين، { $checkins } تسجيلات حضور، { $certificates } شهادات، { $players } لاعبين في المسابقات، { $participants } رموز اختبار و{ $answers } إجابات. تبقى أرقامها.
cli-purge-games = حُذف { $players } لاعبًا من مسابقات خارج أي حملة انتهت منذ أكثر من 90 يومًا.
cli-err-db-in-use = قاعدة البيانات { $path } مستعملة من نسخة أخرى من amane ‏({ $reason }). أوقفها أولًا، أو أعطِ هذه النسخة ‎--data-dir‎ آخر.
cli-db-locked = نسخة amane serve قيد التشغيل تمسك قفلها
cli-backup-postgres = تُنسخ قاعدة PostgreSQL احتياطيًا بالأداة pg_dump لا بالأمر amane backup: انظر «النسخ الاحتياطية» في docs/OPERATIONS.md.
cli-restore-postgres = تُسترجع قاعدة PostgreSQL بالأداة pg_restore أو psql لا بالأمر amane restore: انظر «النسخ الاحتياطية» في docs/OPERATIONS.md.
cli-err-backup-exists = الملف { $path } موجود: اختر اسم ملف جديدًا (النسخة الاحتياطية لا تكتب فوق أخرى أبدًا).
cli-err-backup-write = تعذرت كتابة النسخة الاحتياطية في { $path } ‏({ $reason }).
cli-err-backup-unreadable = الملف { $path } ليس نسخة احتياطية صالحة لـamane: { $reason }. لم يتغير شيء.
cli-err-no-such-file = الملف غير موجود
cli-backup-done = كُتبت النسخة الاحتياطية في { $path }: إصدار المخطط { $version }، { $campaigns } حملات، { $size } ك.ب.
cli-restore-done = استُرجعت القاعدة من { $path }: { $campaigns } حملات، { $users } حسابات، إصدار المخطط { $version }.
cli-restore-kept = حُفظت القاعدة المستبدلة باسم { $path }.
cli-account-unlocked = رُفع حظر تسجيل الدخول عن { $email }: يمكنه تسجيل الدخول من جديد من أي مكان.
cli-err-bank-unreadable = تعذرت قراءة بنك الأسئلة في السطر { $line }: { $reason }
