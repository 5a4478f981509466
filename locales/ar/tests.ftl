# الاختبارات على الهاتف (الأطفال)، واستبيان الرضا، وصفحات الفريق التي تفتح الاختبارات وتنشئها.

sheet-code-title = الإجابة عن اختبار
sheet-code-intro = اكتب الرمز المكتوب على السبورة (أو امسح رمز QR).
sheet-code = رمز الاختبار
sheet-code-go = فتح الاختبار
sheet-code-unknown = لا يوجد اختبار بهذا الرمز. تحقّق منه على السبورة واكتبه من جديد.
sheet-intro-pre = قبل الورشة: { $count ->
    [one] سؤال واحد
    [two] سؤالان
    [few] { $formatted } أسئلة
   *[other] { $formatted } سؤالًا
}. أجب وحدك، دون أن تبحث في مكان آخر. لا توجد نقطة: الغاية معرفة ما يجب أن تشرحه الورشة.
sheet-intro-post = بعد الورشة: { $count ->
    [one] سؤال واحد
    [two] سؤالان
    [few] { $formatted } أسئلة
   *[other] { $formatted } سؤالًا
}. استعمل الاسم المستعار نفسه الذي استعملته في الاختبار الأول، لنرى ما تعلّمته.
sheet-intro-followup = بعد بضعة أسابيع: { $count ->
    [one] سؤال واحد
    [two] سؤالان
    [few] { $formatted } أسئلة
   *[other] { $formatted } سؤالًا
}. استعمل الاسم المستعار نفسه الذي استعملته في الاختبار الأول.
sheet-errors = { $count ->
    [one] هناك شيء ناقص أو غير صحيح، وهو مبيَّن أدناه. إجاباتك الأخرى محفوظة.
   *[other] هناك { $formatted } أشياء ناقصة أو غير صحيحة، وهي مبيَّنة أدناه. إجاباتك الأخرى محفوظة.
}
sheet-nickname = اسمك المستعار
sheet-nickname-hint = ليس اسمك الحقيقي، ولا رقم هاتف، ولا بريدًا إلكترونيًا. استعمل الاسم نفسه في كل اختبار.
sheet-hint-several = ضع علامة على كل الإجابات الصحيحة.
sheet-hint-flags = ضع علامة على كل جزء من الرسالة يجب أن يثير شكّك.
sheet-your-answer = إجابتك
sheet-submit = إرسال إجاباتي
sheet-closed = هذا الاختبار مغلق: لم يعد يقبل الإجابات. اسأل المنشّط.
sheet-done = شكرًا يا { $nickname }! الإجابات الصحيحة: { $score } من { $total }.
sheet-done-bye = حُفظت إجاباتك. يمكنك إغلاق هذه الصفحة.

survey-title = ما رأيك؟
survey-intro = ثلاثة أسئلة قصيرة. لا توجد إجابة خاطئة.
survey-submit = إرسال
survey-thanks = شكرًا! حُفظت إجاباتك. يمكنك إغلاق هذه الصفحة.
survey-liked = هل أعجبتك الورشة؟
survey-learned = هل تعلّمت شيئًا جديدًا؟
survey-know-what-to-do = هل تعرف ماذا تفعل إذا واجهتك مشكلة على الإنترنت؟
survey-useful = كانت الورشة مفيدة لي.
survey-clear = كان ما قيل واضحًا.
survey-confident = أشعر أنني قادر على مساعدة طفل يواجه مشكلة على الإنترنت.
survey-recommend = أنصح الآخرين بهذه الورشة.
survey-scale3-1 = ليس حقًّا
survey-scale3-2 = قليلًا
survey-scale3-3 = نعم، كثيرًا
survey-scale5-1 = غير موافق إطلاقًا
survey-scale5-2 = غير موافق
survey-scale5-3 = محايد
survey-scale5-4 = موافق
survey-scale5-5 = موافق تمامًا

tests-link = الاختبارات على الهاتف
tests-title = الاختبارات على الهاتف · { $workshop }
tests-back = الورشة
tests-back-list = كل اختبارات الورشة
tests-intro = افتح اختبارًا قبل الورشة ثم بعدها: يجيب الأطفال على هواتفهم بالرمز أو برمز QR، بالاسم المستعار نفسه في المرتين. تُحتسب في الاختبار نفسه إجابات لعبة مباشرة أو أوراق مطبوعة.
tests-none = لا يوجد بعد أي اختبار في هذه الحملة.
tests-make = إنشاء اختبار
tests-facts = { $count ->
    [one] سؤال واحد
    [two] سؤالان
    [few] { $formatted } أسئلة
   *[other] { $formatted } سؤالًا
} · { $audience }
tests-phase-pre = قبل الورشة
tests-phase-post = بعد الورشة
tests-phase-followup = المتابعة
tests-state-none = غير مفتوح
tests-state-open = مفتوح، الرمز
tests-state-closed = مغلق
tests-answered = { $count ->
    [zero] لم يُجب أي طفل بعد
    [one] أجاب طفل واحد
    [two] أجاب طفلان
    [few] أجاب { $formatted } أطفال
   *[other] أجاب { $formatted } طفلًا
}
tests-board = عرض الرمز
tests-open = فتح على الهاتف
tests-close = إغلاق الاختبار
tests-reopen = إعادة الفتح
tests-board-how = امسح رمز QR، أو افتح العنوان واكتب الرمز:
tests-board-closed = هذا الاختبار مغلق: لم يعد يقبل الإجابات.
tests-refresh = تحديث

ctests-link = الاختبارات القبلية والبعدية
ctests-title = الاختبارات · { $campaign }
ctests-back = الحملة
ctests-report = التقرير
ctests-intro = الاختبار قائمة أسئلة تُطرح قبل الورشة ثم بعدها. يجيب عنها الأطفال على الهاتف (من صفحة الورشة) أو في لعبة مباشرة أو على الورق: تُرفع هنا في ملف CSV النتائج المنقولة من الأوراق.
ctests-none = لا يوجد اختبار بعد.
ctests-new = اختبار جديد
ctests-create = إنشاء الاختبار
ctests-upload = نتائج الأوراق (CSV)
ctests-upload-hint = الأعمدة participant,establishment,age_band,phase,question,correct ‏(pre أو post، رقم السؤال، 1 أو 0). يُحفظ الملف كاملًا أو لا يُحفظ منه شيء.
ctests-upload-done = حُفظ: { $lines } سطرًا، و{ $participants } مشاركًا جديدًا، و{ $replaced } إجابة مستبدلة.
ctests-upload-refused = لم يُحفظ أي شيء: { $count ->
    [one] في سطر واحد مشكلة.
   *[other] في { $count } أسطر مشاكل.
}
test-field-title = العنوان
test-field-module = الوحدة
test-field-age-band = الفئة العمرية
test-field-count = عدد الأسئلة
test-field-count-hint = من 1 إلى 50، تؤخذ بترتيب الوحدة لهذه الفئة العمرية.
