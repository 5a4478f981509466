## Problems found by `amane content check`: `content-<code>`.
content-toml-syntax = صيغة TOML غير صالحة: { $message }
content-missing-file = الملف غير موجود
content-missing-translation = الحقل «{ $field }» بدون نص باللغة { $lang }
content-unknown-language = لغة غير معروفة «{ $value }» (fr أو ar أو en)
content-unknown-audience = فئة غير معروفة «{ $value }» (8-11 أو 12-14 أو 15-17 أو staff أو parents)
content-audience-not-in-module = الفئة «{ $value }» ليست من فئات الوحدة
content-unknown-competency = كفاية غير معروفة «{ $value }»
content-bad-id = «{ $value }» ليس معرفًا صالحًا (حروف لاتينية صغيرة وأرقام وشرطات)
content-id-mismatch = المعرف «{ $id }» يختلف عن اسم المجلد «{ $folder }»
content-duplicate-id = المعرف «{ $id }» مستعمل من قبل (في { $other })
content-duplicate-module = الوحدة «{ $id }» موجودة مرتين
content-unknown-type = نوع سؤال غير معروف «{ $value }» (single أو multiple أو true_false أو red_flags)
content-no-correct-answer = لا يوجد أي اختيار يحمل correct = true
content-single-needs-one-correct = يحتاج سؤال الاختيار الوحيد إلى اختيار صحيح واحد بالضبط، وليس { $count }
content-choices-count = يحتاج السؤال من 2 إلى 6 اختيارات، وليس { $count }
content-true-false-needs-answer = يحتاج سؤال true_false إلى answer = true أو answer = false
content-true-false-no-choices = سؤال true_false لا يتضمن اختيارات
content-too-few-questions = للفئة { $audience } ‏{ $count } أسئلة؛ والمطلوب { $min } على الأقل
content-unknown-format = صيغة سيناريو غير معروفة «{ $value }» (sms أو email أو chat أو social أو voice)
content-rf-flag-missing = مؤشر الخطر «{ $flag }» غير موجود في الرسالة باللغة { $lang }
content-rf-flag-not-explained = الرسالة باللغة { $lang } تحدد «{ $flag }» دون كتلة [[questions.flags]] تشرحه
content-rf-flag-repeated = مؤشر الخطر «{ $flag }» يتكرر في الرسالة باللغة { $lang }
content-rf-too-few-flags = يحتاج السيناريو إلى مؤشري خطر على الأقل، وليس { $count }
content-rf-too-few-neutral = تحتاج الرسالة باللغة { $lang } إلى جزأين عاديين على الأقل [[-|…]]، وليس { $count }
content-rf-malformed = الرسالة باللغة { $lang } غير سليمة: { $reason }
content-rf-fields-only = «{ $field }» لا ينتمي إلى هذا النوع من الأسئلة
content-md-missing-part = الجزء «{ $part }» غير موجود (سطر <!-- part: { $part } -->)
content-md-part-order = الجزء «{ $part }» مكرر أو في غير مكانه (lesson ثم guide ثم handout)
content-md-empty-part = الجزء «{ $part }» فارغ
content-md-unknown-marker = سطر علامة غير معروف: { $text }
content-md-raw-html = لا يُسمح بـ HTML في الدروس وسيُحذف: { $html }
content-md-broken-link = رابط معطل «{ $target }» (https://… أو module:<id>)
content-md-unknown-placeholder = علامة غير معروفة «{ $key }» (استعمل {"{{"}contact:child_helpline{"}}"} ومفاتيح الاتصال الأخرى أو {"{{"}law:fraud{"}}"} ومفاتيح القانون الأخرى)
content-md-image-missing = الصورة «{ $target }» غير موجودة في مجلد الوحدة
content-no-questions = الملف لا يتضمن أي [[questions]]
content-bad-version = «{ $value }» ليس رقم إصدار مثل 1.0.0
content-bad-duration = مدة { $value } دقيقة غير معقولة (من 5 إلى 480)
content-empty-list = يجب ألا يكون «{ $field }» فارغًا
content-unknown-test-form = نموذج اختبار غير معروف «{ $value }» (اكتب «a» أو «b»)
content-glossary-bad-entry = المصطلح «{ $term }» في المسرد يحتاج إلى en وfr وuse، ولا يقبل صيغة avoid فارغة
content-fair-position = الجواب الصحيح هو الاختيار { $position } في { $count } من أصل { $total } من الأسئلة ذات الاختيار الواحد أو المتعدد ({ $share }٪، والحد الأقصى 40٪): الطفل الذي يختاره دائمًا يفوز، فانقلوا بعض الأجوبة الصحيحة إلى مواضع أخرى
content-fair-longest = باللغة { $lang }، الجواب الصحيح هو الاختيار الأطول في { $count } من أصل { $total } من الأسئلة ذات الاختيار الواحد ({ $share }٪، والحد الأقصى 50٪): الطفل الذي يختار الأطول يفوز، فأطيلوا الاختيارات الخاطئة أو اختصروا الأجوبة
content-fair-true-false = { $count } من أصل { $total } من أسئلة صحيح/خطأ جوابها { $answer ->
    [true] «صحيح»
   *[false] «خطأ»
} ({ $share }٪، والحد الأقصى 65٪): وازنوا بينها
content-year-in-text = السنة { $year } مكتوبة في النص: لن تبقى صحيحة في السنة المقبلة (اكتبوا «هذه السنة» أو سنًّا أو مدة)
content-bidi-unmarked = «{ $text }» يظهر هكذا «{ $shown }» داخل النص العربي: ضعوا علامة من اليسار إلى اليمين (U+200E) قبله وبعده مباشرة (الأمر amane content check --fix-direction DIR يفعل ذلك)
content-glossary-term = «{ $found }»: يستعمل المسرد { $use } بدل { $form }
content-ok = المحتوى صالح: { $modules ->
    [zero] لا توجد أي وحدة
    [one] وحدة واحدة
    [two] وحدتان
    [few] { $modules } وحدات
    [many] { $modules } وحدةً
   *[other] { $modules } وحدة
}، { $questions ->
    [zero] لا يوجد أي سؤال
    [one] سؤال واحد
    [two] سؤالان
    [few] { $questions } أسئلة
    [many] { $questions } سؤالًا
   *[other] { $questions } سؤال
}.
