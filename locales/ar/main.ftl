## Layout
skip-to-content = الانتقال إلى المحتوى
brand-home = الصفحة الرئيسية
lang-switcher = اللغة
nav-main = القائمة الرئيسية
nav-dashboard = لوحة القيادة
nav-logout = تسجيل الخروج
footer-tagline = أمان: حملات للتوعية بالسلامة على الإنترنت لفائدة الأطفال والأطر التربوية.

## Roles
role-admin = مدير النظام
role-organizer = منظم
role-facilitator = مؤطر
role-coordinator = منسق المؤسسة
role-observer = ملاحظ
role-admin-intro = صفتك: { $role }. تدير الحسابات والبيانات المرجعية وإعدادات هذه المنصة.
role-organizer-intro = صفتك: { $role }. تخطط للحملات وتحدد أهدافها وورشاتها، وتتابع نتائجها.
role-facilitator-intro = صفتك: { $role }. تنشّط الورشات انطلاقًا من بطاقات تربوية جاهزة، مع مسابقة مباشرة.
role-coordinator-intro = صفتك: { $role }. تسجّل أقسام مؤسستك وأطرها، وتتابع الحضور.
role-observer-intro = صفتك: { $role }. تطّلع على أرقام مجمّعة ومجهولة الهوية حول مدى انتشار الحملات وما تعلّمه المشاركون.

## Home
home-title = حملات من أجل إنترنت أكثر أمانًا
home-lead = تساعد منصة أمان وزارةً أو شبكةَ مدارس أو جمعيةً على التخطيط لحملات التوعية بالسلامة على الإنترنت، وتنفيذها، وقياس أثرها، وإعداد تقاريرها، من الورشات داخل الأقسام إلى التقرير الموجَّه إلى الشركاء.
home-staff-login = دخول الأطر
home-who-title = لمن هذه المنصة؟
home-who-organizers = المنظمون
home-who-organizers-text = أنشئ حملة، وحدّد أهدافها، ووزّع ورشاتها على المؤسسات.
home-who-facilitators = المؤطرون
home-who-facilitators-text = نشّط ورشة انطلاقًا من بطاقة تربوية، مع مسابقة مباشرة تُعرض على شاشة القسم.
home-who-schools = المؤسسات
home-who-schools-text = سجّل أقسام مؤسستك وأطرها، وتابع الحضور.
home-who-children = الأطفال
home-who-children-text = لا حاجة إلى حساب: يكفي رمز واسم مستعار للمشاركة في المسابقة، بالعربية أو الفرنسية أو الإنجليزية.

## Login
login-title = تسجيل الدخول
field-email = البريد الإلكتروني
field-password = كلمة المرور
login-submit = دخول
login-help = هل نسيت كلمة المرور؟ تواصل مع مدير المنصة.
login-missing = أدخل بريدك الإلكتروني وكلمة المرور.
login-invalid = البريد الإلكتروني أو كلمة المرور غير صحيحة.
login-invalid-left = البريد الإلكتروني أو كلمة المرور غير صحيحة. { $left ->
    [zero] سيتوقف تسجيل الدخول الآن لبضع دقائق.
    [one] محاولة فاشلة أخرى وسيتوقف تسجيل الدخول لبضع دقائق.
    [two] محاولتان فاشلتان أخريان وسيتوقف تسجيل الدخول لبضع دقائق.
   *[other] { $formatted } محاولات فاشلة أخرى وسيتوقف تسجيل الدخول لبضع دقائق.
}
login-throttled = عدد المحاولات كبير جدًا. أعد المحاولة بعد { $minutes ->
    [one] دقيقة واحدة
    [two] دقيقتين
    [few] { $formatted } دقائق
    [many] { $formatted } دقيقةً
   *[other] { $formatted } دقيقة
}.
logout-done = تم تسجيل خروجك.

## Setup
setup-title = إنشاء حساب المدير الأول
setup-lead = لا يوجد بعدُ أي مدير لهذه المنصة. هذا الرابط صالح للاستعمال مرة واحدة فقط، وتنتهي صلاحيته بعد ساعة.
form-has-errors = بعض الحقول تحتاج إلى تصحيح: يُرجى الاطلاع على الرسائل أدناه.
field-display-name = الاسم المعروض
field-new-password = كلمة المرور
field-password-confirm = تأكيد كلمة المرور
password-hint = يجب ألا يقل عدد الأحرف عن { $formatted }. الجملة المكوّنة من عدة كلمات يسهل تذكرها ويصعب تخمينها.
setup-submit = إنشاء الحساب

## Dashboard
dashboard-title = لوحة القيادة
dashboard-greeting = مرحبًا، { $name }
dashboard-today = اليوم هو { $date }.
dashboard-your-work = فضاءاتك
dashboard-accounts = { $count ->
    [zero] لا يوجد أي حساب
    [one] حساب واحد
    [two] حسابان
    [few] { $formatted } حسابات
    [many] { $formatted } حسابًا
   *[other] { $formatted } حساب
}
card-coming = قريبًا
card-accounts-title = حسابات الأطر
card-accounts-body = عطّل الحسابات أو أعد تفعيلها وألغِ رموز API الخاصة بها. تُنشأ الحسابات الجديدة بالأمر ‎amane admin create-user‎ أو عبر واجهة البرمجة.
card-campaigns-title = الحملات
card-campaigns-body = خطّط لحملة، وحدّد أهدافها (الأطفال، الأطر، الورشات) وشركاءها.
card-establishments-title = المؤسسات
card-establishments-body = دليل المؤسسات حسب الجهة والإقليم، ويمكن استيراده من ملف CSV.
card-curriculum-title = البرنامج التربوي
card-curriculum-body = وحدات جاهزة لكل فئة عمرية: كلمات المرور، الاحتيال، التنمر الإلكتروني، الذكاء الاصطناعي…
card-reports-title = التقارير
card-reports-body = مدى انتشار الحملات وما تعلّمه المشاركون، بأرقام مجمّعة ومجهولة الهوية.
card-workshops-title = ورشاتي
card-workshops-body = جدول ورشاتك، مع البطاقة التربوية لكل ورشة.
card-live-title = مسابقة مباشرة
card-live-body = اعرض مسابقة على الشاشة، ويجيب الأطفال عنها من هاتف أو لوحة إلكترونية باستعمال رمز.
card-registrations-title = التسجيلات
card-registrations-body = ابحث عن ورشة في حملة وسجّل فيها أقسام مؤسستك وأطرها.
card-school-workshops-title = ورشات مؤسساتي
card-school-workshops-body = الورشات المبرمجة في مؤسساتك، وتسجيلاتك والحضور.
card-checkin-title = تسجيل الحضور
card-checkin-body = سجّل حضور الأطفال من الهاتف، برمز الورشة.

## Errors
error-back-home = العودة إلى الصفحة الرئيسية
error-go-back = ارجع إلى الاستمارة بمتصفحك، وصحّحها ثم أرسلها من جديد.
retry-in-minutes = يمكنك إعادة المحاولة بعد { $minutes ->
    [one] دقيقة واحدة
    [two] دقيقتين
    [few] { $formatted } دقائق
    [many] { $formatted } دقيقةً
   *[other] { $formatted } دقيقة
}.

## Curriculum
nav-curriculum = البرنامج التربوي
curriculum-title = البرنامج التربوي
curriculum-lead = وحدات جاهزة للتنشيط حول السلامة على الإنترنت، لكل فئة عمرية وللراشدين، بالعربية والفرنسية والإنجليزية.
curriculum-filter-audience = الفئة المستهدفة
curriculum-filter-competency = الكفاية
curriculum-all-audiences = كل الفئات
curriculum-all-competencies = كل الكفايات
curriculum-apply = تصفية
curriculum-count = { $count ->
    [zero] لا توجد أي وحدة مطابقة.
    [one] وحدة واحدة.
    [two] وحدتان.
    [few] { $formatted } وحدات.
    [many] { $formatted } وحدةً.
   *[other] { $formatted } وحدة.
}
audience-8-11 = من 8 إلى 11 سنة
audience-12-14 = من 12 إلى 14 سنة
audience-15-17 = من 15 إلى 17 سنة
audience-staff = الأطر التربوية
audience-parents = الآباء والأمهات
competency-account-security = أمان الحسابات
competency-privacy = الحياة الخاصة
competency-scam-awareness = الاحتيال
competency-respectful-communication = التواصل باحترام
competency-ai-literacy = الذكاء الاصطناعي
competency-media-literacy = التربية على وسائل الإعلام
competency-wellbeing = الرفاه
competency-safe-contact = التواصل الآمن مع الغرباء
competency-help-seeking = طلب المساعدة
competency-adult-guidance = مواكبة الأطفال
module-facts = { $minutes_formatted } دقيقة · { $questions ->
    [zero] بدون أسئلة
    [one] سؤال واحد
    [two] سؤالان
    [few] { $questions_formatted } أسئلة
    [many] { $questions_formatted } سؤالًا
   *[other] { $questions_formatted } سؤال
}
module-objectives = أهداف التعلم
module-materials = وسائل الورشة
module-lesson = الدرس
module-guide = دليل المؤطر
module-handout = ورقة التوزيع
module-questions = الأسئلة
module-guide-heading = { $title }: دليل المؤطر
module-handout-heading = { $title }: ورقة التوزيع
module-poster = ملصق (A3)
module-poster-heading = { $title }: ملصق
module-questions-heading = { $title }: الأسئلة
question-type-single = جواب واحد
question-type-multiple = عدة أجوبة
question-type-true_false = صحيح أم خطأ
question-type-short_answer = جواب قصير
question-type-red_flags = اكتشف مؤشرات الخطر
question-correct = الجواب الصحيح
question-answer = الجواب:
question-explanation = لماذا:
answer-true = صحيح
answer-false = خطأ
rf-format-sms = رسالة نصية
rf-format-email = بريد إلكتروني
rf-format-chat = محادثة
rf-format-social = منشور على شبكة اجتماعية
rf-format-voice = رسالة صوتية (نص مكتوب)
rf-try = جرّب هذا السيناريو
rf-instructions = المس كل جزء يبدو لك مشبوهًا، ثم تحقق من جوابك.
rf-check = تحقق من جوابي
rf-score = نتيجتك: { $score_formatted } من { $max_formatted }.
rf-flags-title = مؤشرات الخطر
rf-found = اكتشفتَ:
rf-missed = فاتك:
rf-found-count = اكتشفت { $found_formatted } من أصل { $max_formatted } من مؤشرات الخطر.
rf-false-count = { $count ->
    [0] لم تلمس أي جزء سليم.
    [one] لمست جزءًا سليمًا واحدًا (إنذار خاطئ).
    [two] لمست جزأين سليمين (إنذاران خاطئان).
    [few] لمست { $formatted } أجزاء سليمة (إنذارات خاطئة).
   *[other] لمست { $formatted } جزءًا سليمًا (إنذارات خاطئة).
}
rf-score-rule = طريقة الحساب: نقطة لكل علامة إنذار تكتشفها، وتُخصم نقطة عن كل جزء سليم تلمسه (ولا تقل النتيجة عن صفر).
rf-false-alarm = إنذار خاطئ:
rf-false-alarm-why = هذا الجزء سليم.
rf-again = أعد المحاولة
contact-fallback-child_helpline = خط الاستماع الوطني المخصص للأطفال (الرقم متوفر لدى المؤسسة)
contact-fallback-report_portal = المنصة الرسمية للتبليغ عن المحتويات غير القانونية (العنوان متوفر لدى المؤسسة)
contact-fallback-cybercrime_police = مصلحة الشرطة المكلفة بالجرائم الإلكترونية
contact-fallback-data_protection_authority = الهيئة الوطنية لحماية المعطيات الشخصية
contact-fallback-emergency = أرقام الطوارئ (الشرطة، الوقاية المدنية) المعلقة في المؤسسة
law-fallback-intimate_images = اسأل شخصًا راشدًا تثق به أو إدارة المؤسسة عمّا ينص عليه القانون في بلدك
law-fallback-sextortion = اسأل شخصًا راشدًا تثق به أو إدارة المؤسسة عمّا ينص عليه القانون في بلدك
law-fallback-harassment = اسأل شخصًا راشدًا تثق به أو إدارة المؤسسة عمّا ينص عليه القانون في بلدك
law-fallback-fraud = اسأل شخصًا راشدًا تثق به أو إدارة المؤسسة عمّا ينص عليه القانون في بلدك
law-fallback-personal_data = اسأل شخصًا راشدًا تثق به أو إدارة المؤسسة عمّا ينص عليه القانون في بلدك
law-fallback-hate_speech = اسأل شخصًا راشدًا تثق به أو إدارة المؤسسة عمّا ينص عليه القانون في بلدك
law-fallback-impersonation = اسأل شخصًا راشدًا تثق به أو إدارة المؤسسة عمّا ينص عليه القانون في بلدك
banks-title = بنوك الأسئلة المستوردة
bank-facts = { $count ->
    [zero] بدون أسئلة
    [one] سؤال واحد
    [two] سؤالان
    [few] { $formatted } أسئلة
    [many] { $formatted } سؤالًا
   *[other] { $formatted } سؤال
} · { $lang }
import-heading = استيراد بنك أسئلة
import-lead = استورد أسئلة من Moodle أو من أداة مسابقات أخرى: ملف GIFT أو تصدير Moodle XML. تُستورد أسئلة الاختيار من متعدد وصحيح/خطأ والأجوبة القصيرة مع تعليقاتها؛ أما الأنواع الأخرى فتُعرض قائمتها ويتم تجاوزها.
import-file = ملف بنك الأسئلة
import-file-hint = ‎.gift أو ‎.txt أو ‎.xml، حتى 8 ميغابايت، بترميز UTF-8.
import-module = معرف الوحدة
import-module-hint = حروف لاتينية صغيرة وأرقام وشرطات، مثلًا security-grade-8. الاستيراد من جديد في المعرف نفسه يحيّن أسئلته.
import-title = العنوان
import-lang = لغة الأسئلة
import-audiences = الفئات المستهدفة بالأسئلة
import-sharing = من يمكنه رؤية هذا البنك واستعماله
import-sharing-staff = كل الأطر
import-sharing-private = أنا فقط (والمنظمون)
import-submit = استيراد
import-done-heading = تم استيراد بنك الأسئلة
import-summary = تم استيراد { $imported } من الأسئلة ({ $inserted } جديدة، { $updated } محينة)؛ وتم تجاوز { $skipped }.
import-skipped-title = الأسئلة التي تم تجاوزها
import-skip-group-one = { $reason } (السطر { $lines })
import-skip-group = { $reason }: { $count } (الأسطر { $lines })
import-skip-group-more = { $reason }: { $count } (الأسطر { $lines } و{ $more } أخرى)
import-skip-type = أسئلة من نوع «{ $kind }»، غير مدعومة
import-skip-essay = أسئلة إنشائية، غير مدعومة بعد
import-skip-numerical = أسئلة عددية، غير مدعومة بعد
import-skip-matching = أسئلة المزاوجة، غير مدعومة بعد
import-skip-description = أوصاف (نص بلا أجوبة)، وليست أسئلة
import-skip-cloze = أسئلة بأجوبة مدمجة في النص (cloze)، غير مدعومة
import-skip-unclosed = قوس «{"{"}» لا يُغلق (ربما الملف مبتور)
import-skip-no-text = بلا نص للسؤال (عنوان أو أجوبة فقط)
import-skip-bad-answers = أجوبة تتعذر قراءتها (يبدأ كل جواب بـ = أو ~)
import-skip-no-right = لا يوجد جواب صحيح
import-skip-no-type = سؤال بلا نوع
import-see-bank = عرض الأسئلة
import-unreadable = تعذرت قراءة الملف في السطر { $line }: { $reason }

## Establishments
nav-establishments = المؤسسات
est-title = المؤسسات التعليمية
est-total = { $count ->
    [zero] لا توجد أي مؤسسة مطابقة.
    [one] مؤسسة واحدة.
    [two] مؤسستان.
    [few] { $formatted } مؤسسات.
    [many] { $formatted } مؤسسةً.
   *[other] { $formatted } مؤسسة.
}
est-import-heading = استيراد المؤسسات (CSV)
est-import-lead = ملف CSV بترميز UTF-8 (مع BOM أو بدونه)، مفصول بفواصل أو بفواصل منقوطة، يتضمن الأعمدة code وname_fr وname_ar وregion وprovince وcommune وlevel وsector وsetting (أو أسماءها الفرنسية nom_fr وnom_ar وniveau وsecteur وmilieu) بأي ترتيب. يتم التعرف على المؤسسات برمزها: الاستيراد من جديد يحيّنها.
est-file = ملف CSV
est-file-hint = الجهات برمزها (من 01 إلى 12) أو باسمها بالفرنسية أو بالعربية؛ المستويات primaire/collège/lycée/supérieur/autre.
est-skip-invalid = استيراد الأسطر الصالحة حتى لو رُفضت أسطر أخرى
est-import-done = تمت إضافة { $inserted } من المؤسسات، وتحيين { $updated }، ورفض { $rejected } من الأسطر.
est-import-refused = { $count } من الأسطر غير صالحة: لم يتم استيراد أي شيء. صححها، أو ضع علامة في الخانة لاستيراد الأسطر الصالحة.
est-search = بحث
est-region = الجهة
est-level = المستوى
est-code = الرمز
est-name = الاسم
est-province = الإقليم
est-sector = القطاع
est-setting = الوسط
est-line = السطر
est-column = العمود
est-value = القيمة
est-reason = المشكل
est-all-regions = كل الجهات
est-all-levels = كل المستويات
level-primary = ابتدائي
level-middle = إعدادي
level-secondary = تأهيلي
level-higher = عالٍ
level-other = آخر
sector-public = عمومي
sector-private = خصوصي
setting-urban = حضري
setting-rural = قروي
pager = الصفحات
pager-prev = السابقة
pager-next = التالية
pager-line = الصفحة { $page } من { $pages }

## Campaigns
nav-campaigns = الحملات
campaigns-title = الحملات
campaign-new = حملة جديدة
campaign-none = لا توجد أي حملة بعد.
campaign-edit = تعديل الحملة
campaign-save = حفظ
campaign-titles = العنوان والموضوع
campaign-period = الفترة
campaign-targets = الأهداف
campaign-target = الفئة المستهدفة
campaign-goal = الهدف
campaign-partners = الشركاء
campaign-period-line = من { $start } إلى { $end }
campaign-targets-line = الأهداف: { $children } طفلًا، { $staff } من الأطر، { $workshops } ورشة
campaign-retention-line = تُحفظ معطيات الأطفال { $formatted } يومًا بعد نهاية الحملة، حتى { $date }؛ ثم تُحذف الأسماء المستعارة وتسجيلات الحضور والشهادات والإجابات وتبقى الأرقام.
campaign-purged-line = حُذفت معطيات الأطفال في { $date } عند انتهاء مدة الاحتفاظ بها؛ وتبقى الأرقام.
campaign-progress-note = المسجلون: المقاعد المؤكدة. المُحقَّق: الحاضرون، والورشات التي سُجل حضورها، والمؤسسات التي حضر منها أحد.
campaign-status-draft = مسودة
campaign-status-open = مفتوحة
campaign-status-closed = مغلقة
campaign-target-children = الأطفال
campaign-target-staff = الأطر
campaign-target-parents = الآباء والأمهات
campaign-target-workshops = الورشات
campaign-target-establishments = المؤسسات
campaign-field-title-fr = العنوان بالفرنسية
campaign-field-title-ar = العنوان بالعربية
campaign-field-title-en = العنوان بالإنجليزية
campaign-field-theme-fr = الموضوع بالفرنسية
campaign-field-theme-ar = الموضوع بالعربية
campaign-field-theme-en = الموضوع بالإنجليزية
campaign-field-starts-on = اليوم الأول
campaign-field-ends-on = اليوم الأخير
campaign-field-time-zone = المنطقة الزمنية
campaign-field-target-children = الأطفال
campaign-field-target-staff = الأطر
campaign-field-target-parents = الآباء والأمهات
campaign-field-target-workshops = الورشات
campaign-field-target-establishments = المؤسسات
campaign-field-partners = المنظمات الشريكة (واحدة في كل سطر؛ ولتسميتها بكل لغة: بالفرنسية | بالعربية | بالإنجليزية)
campaign-field-retention-days = مدة الاحتفاظ بمعطيات الأطفال (بالأيام بعد النهاية)
campaign-field-status = الحالة

## Workshops
nav-my-workshops = ورشاتي
agenda-title = الورشات
agenda-mine = ورشاتي
agenda-mine-schools = ورشات مؤسساتي
agenda-empty = لا توجد أي ورشة مبرمجة.
agenda-ics = إضافة إلى مفكرتي (.ics)
agenda-details = { $place } · { $audience } · { $lang } · { $capacity } مقعدًا · { $facilitators }
workshop-new = برمجة ورشة
workshop-modules = وحدات البرنامج التربوي
workshop-facilitators = المؤطرون
workshop-field-title = العنوان
workshop-field-establishment = المؤسسة (إذا كانت الورشة في مدرسة)
workshop-field-venue-name = المكان (إذا لم يكن مؤسسة من الدليل)
workshop-field-room = القاعة
workshop-field-date = اليوم
workshop-field-start = البداية (بالتوقيت المحلي)
workshop-field-end = النهاية (بالتوقيت المحلي)
workshop-field-capacity = الطاقة الاستيعابية
workshop-field-audience = الفئة المستهدفة
workshop-field-lang = اللغة
facilitator_busy-detail = أحد المؤطرين يؤطر «{ $other }» في هذا الوقت.
room_busy-detail = القاعة محجوزة لـ«{ $other }» في هذا الوقت.

## Registrations
reg-title = التسجيلات
reg-none = لا يوجد أي تسجيل بعد.
reg-new = تسجيل مجموعة أو أطر أو آباء
reg-status = الحالة
reg-cancel = إلغاء
reg-submit = تسجيل
reg-seats-line = { $confirmed } من أصل { $capacity } مقعدًا محجوزة · { $waiting } في لائحة الانتظار
reg-status-confirmed = مؤكد
reg-status-waiting = لائحة الانتظار
reg-status-cancelled = ملغى
reg-kind-group = قسم أو مجموعة من الأطفال
reg-kind-staff = عضو من الأطر
reg-kind-parents = آباء وأمهات
reg-done-confirmed = تم التسجيل: المقاعد مؤكدة.
reg-done-waiting = الورشة ممتلئة: التسجيل في لائحة الانتظار وسيُؤكد تلقائيًا عند تحرر مقاعد.
reg-field-establishment = المؤسسة
reg-field-kind = من
reg-field-label = القسم أو المجموعة أو الاسم
reg-field-age-band = الفئة العمرية (الأطفال)
reg-field-seats = المقاعد
reg-field-roster = أسماء مستعارة (اختياري، واحد في كل سطر)
reg-field-staff-email = البريد الإلكتروني (للأطر والآباء فقط)
reg-roster-hint = لا يُسجل الأطفال أبدًا بأسمائهم: لا تتضمن اللائحة إلا أسماء مستعارة، ولا أي معلومات اتصال.
reg-facilitators-line = المؤطرون: { $names }
campaign-registered = المسجلون
campaign-reached = المُحقَّق
campaign-progress = التقدم
campaign-percent = ‎{ $percent }٪
reg-present = الحاضرون
reg-present-save = حفظ
field_present_over_seats = عدد الحاضرين أكبر من المقاعد المسجلة.
roster-link = ورقة الحضور ورموز التسجيل
roster-title = { $title }: ورقة الحضور
roster-code = رمز الحضور
roster-facts = { $establishment } · { $seats } مقعدًا
roster-headcount-only = لا توجد لائحة: سجّل عدد الحاضرين في صفحة الورشة.
roster-present = حاضر
checkin-title = تسجيل الحضور
checkin-open = فتح الورشة
checkin-unknown = لا توجد أي ورشة بهذا الرمز.
checkin-mark = تسجيل الحضور
checkin-marked = حاضر. تم تسجيل { $count } من أصل { $seats } في هذه المجموعة.
workshop-edit = تعديل الورشة
checkin-list-title = تسجيل الحضور: { $title }
checkin-back-workshop = العودة إلى الورشة
checkin-search = ابحث عن فوج أو طفل
checkin-search-go = بحث
checkin-show-all = عرض الجميع
checkin-none = لا يوجد تسجيل مؤكد لتسجيل حضوره.
checkin-headcount = الحاضرون (العدد)
checkin-is-present = حاضر
checkin-undo = تراجع
checkin-count-children = الأطفال الحاضرون:
checkin-count-adults = الراشدون الحاضرون:
checkin-count-line = { $present } من { $registered }
checkin-group-count = { $present }/{ $seats }
checkin-hidden = { $count ->
    [one] فوج واحد لا يطابق البحث.
    [two] فوجان لا يطابقان البحث.
    [few] { $formatted } أفواج لا تطابق البحث.
   *[other] { $formatted } فوجًا لا يطابق البحث.
}
checkin-qr-hint = هل تفضل الورق؟ لكل طفل أيضًا رمز QR في الورقة المطبوعة.
checkin-list-link = تسجيل الحضور
field_registration_not_confirmed = هذا التسجيل غير مؤكد (في لائحة الانتظار أو ملغى).
campaign-by-region = حسب الجهة
campaign-region-registry = المؤسسات في الدليل
campaign-region-registered = المؤسسات المسجلة
campaign-region-reached = المؤسسات المستفيدة (التغطية)
campaign-region-children-registered = الأطفال المسجلون
campaign-region-children-present = الأطفال الحاضرون
campaign-region-none = خارج الدليل
campaign-by-region-note = التغطية: نسبة مؤسسات الجهة المسجلة في الدليل التي شارك فيها أحد.
campaign-filter-school = المؤسسة (الاسم أو الرمز)
campaign-filter-date = اليوم
campaign-filter-all-regions = كل الجهات
campaign-filter-clear = مسح عوامل التصفية
campaign-agenda-shown = { $count ->
    [zero] لا توجد ورشة
    [one] ورشة واحدة
    [two] ورشتان
    [few] { $formatted } ورشات
   *[other] { $formatted } ورشة
}
workshop-establishment-hint = اكتب رمز المؤسسة أو جزءًا من اسمها؛ اتركه فارغًا لمكان خارج الدليل.
field_establishment_ambiguous = تطابق عدة مؤسسات: اكتب الرمز أو جزءًا أطول من الاسم.
workshop-establishment-pick = أي مؤسسة تقصد؟
field-at-line = السطر { $line }: { $message }
back-to = العودة إلى «{ $place }»
reg-roster-show = الأسماء المستعارة

## الحساب الشخصي ورموز API ‏(/account)، حسابات الأطر (/admin/users)
nav-account = حسابي
account-title = حسابي
account-tokens = رموز API
account-tokens-intro = يتيح الرمز لبرنامج نصي استعمال واجهة amane البرمجية باسمك وبدورك. خصّص لكل برنامج رمزه، للمدة التي يحتاجها فقط، وألغه حين يتوقف البرنامج.
account-tokens-none = ليس لديك أي رمز API.
account-token-label = التسمية
account-token-made = أُنشئ في
account-token-state = الصلاحية
account-token-used = آخر استعمال
account-token-never = أبدًا
account-token-revoked = أُلغي في { $date }
account-token-expired = انتهى في { $date }
account-token-expires = حتى { $date }
account-token-no-expiry = بلا تاريخ انتهاء
account-token-revoke = إلغاء
account-token-new = رمز جديد
account-token-days = مدة الصلاحية (بالأيام)
account-token-days-hint = من يوم واحد إلى 365 يومًا.
account-token-create = إنشاء الرمز
account-token-created = رمزك الجديد:
account-token-once = انسخه الآن واحفظه في مكان آمن: لا يحتفظ amane إلا ببصمته ولن يعرضه مرة أخرى.
users-title = حسابات الأطر
users-summary = { $count ->
    [zero] لا حساب، { $active } نشط
    [one] حساب واحد، { $active } نشط
    [two] حسابان، { $active } نشط
    [few] { $count } حسابات، { $active } نشط
    [many] { $count } حسابًا، { $active } نشط
   *[other] { $count } حساب، { $active } نشط
}
users-intro = تعطيل حساب يغلق جلساته ويلغي رموز API الخاصة به فورًا؛ وإعادة تفعيله لا تعيد الرموز القديمة.
users-name = الاسم
users-role = الدور
users-state = الحالة
users-tokens = رموز API الصالحة
users-action = إجراء
users-active = نشط
users-inactive = معطّل
users-no-tokens = لا شيء
users-deactivate = تعطيل
users-activate = إعادة التفعيل
users-you = (أنت)
users-unlock = رفع حظر تسجيل الدخول
users-unlocked = رُفع الحظر: يمكن للحساب تسجيل الدخول من جديد من أي مكان.
audit-title = سجل التدقيق
audit-summary = { $count ->
    [zero] لا مدخلات
    [one] مدخل واحد
    [two] مدخلان
    [few] { $formatted } مدخلات
    [many] { $formatted } مدخلًا
   *[other] { $formatted } مدخل
}
audit-intro = كل تسجيل دخول ومحاولة فاشلة، وكل تعديل يقوم به أحد الأطر، وكل استيراد وتصدير، مع من ومتى ومن أي عنوان. لا يرد فيه الأطفال، ولا يُكتب فيه أبدًا أي اسم مستعار أو وسيلة اتصال.
audit-csv = تنزيل بصيغة CSV
audit-when = متى
audit-who = من
audit-what = ماذا
audit-status = الجواب
audit-where = العنوان
audit-unknown-account = (حساب غير موجود)
users-audit = سجل التدقيق
