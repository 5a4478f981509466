## Layout
skip-to-content = الانتقال إلى المحتوى
brand-home = أمان، الصفحة الرئيسية
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
card-accounts-body = أنشئ حسابات المنظمين والمؤطرين والمنسقين والملاحظين.
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
card-registrations-body = سجّل أقسام مؤسستك وأطرها في الورشات.
card-attendance-title = الحضور
card-attendance-body = اطّلع على قائمة المشاركين في كل ورشة.

## Errors
error-back-home = العودة إلى الصفحة الرئيسية
retry-in-minutes = يمكنك إعادة المحاولة بعد { $minutes ->
    [one] دقيقة واحدة
    [two] دقيقتين
    [few] { $formatted } دقائق
    [many] { $formatted } دقيقةً
   *[other] { $formatted } دقيقة
}.
