admin-menu =
    Әкімші. Білім базасын жаңарту үшін білім файлын жіберіңіз (.yaml немесе data қалтасының .zip архиві).
    /stats – сандар мен диаграмма
    /history – білім базасының нұсқалары
    /rollback N – N нұсқасын қайта қосу
    /broadcast мәтін – барлық белсенді пайдаланушыларға хабарлама
    /incidents – шекарадағы оқиғалар туралы хабарламалар
    /measure – уақытша тыйымдар мен квоталар: тізім, қосу, ұзарту, аяқтау
admin-choice-stats = 📊 Статистика
admin-choice-history = 🗂 Нұсқалар
admin-choice-incidents = 🛂 Оқиғалар
admin-choice-apply = ✅ Қолдану
admin-choice-send = ✅ Жіберу
admin-choice-cancel = ✖ Бас тарту
admin-cancelled = Бас тартылды. Ештеңе өзгерген жоқ.
admin-upload-too-big = Файл тым үлкен (ең көбі 5 МБ). Ештеңе өзгерген жоқ.
admin-upload-unreadable = Тек UTF-8 кодтауындағы .yaml файлдарын немесе олардың .zip архивін оқи аламын. Ештеңе өзгерген жоқ.
admin-upload-invalid =
    { $count ->
        [one] Файлда бір қате бар; ештеңе өзгерген жоқ:
       *[other] Файлда { $count } қате бар; ештеңе өзгерген жоқ:
    }
admin-upload-no-change = Файл қазіргі білім базасымен бірдей: өзгертетін ештеңе жоқ.
admin-upload-preview =
    { $count ->
        [one] Бір өзгеріс. Қолдану керек пе?
       *[other] { $count } өзгеріс. Қолдану керек пе?
    }
admin-rollback-preview =
    { $count ->
        [one] Кері қайтару бір нәрсені өзгертеді. Қолдану керек пе?
       *[other] Кері қайтару { $count } өзгеріс жасайды. Қолдану керек пе?
    }
admin-change-added = + { $section }: { $name }
admin-change-changed = ~ { $section }: { $name }
admin-change-removed = − { $section }: { $name }
admin-more = … және тағы { $count }
admin-import-done = { $version } нұсқасы енді қолданыста. Жазылушыларға кезекке қойылған хабарламалар: { $notices }.
admin-history = Білім базасының нұсқалары (* = қолданыстағы):
admin-rollback-usage = Қолдану: /rollback N, мұнда N – /history тізіміндегі нұсқа.
admin-broadcast-usage = Қолдану: /broadcast, одан кейін хабарлама мәтіні.
admin-broadcast-preview =
    Бұл хабарламаны { $count } белсенді пайдаланушыға жіберейін бе?

    { $text }
admin-broadcast-queued = #{ $id } таратылым { $count } пайдаланушыға кезекке қойылды. Барысы осында көрсетіледі.
admin-broadcast-progress = #{ $id } таратылым: { $total } ішінен { $sent } жіберілді, { $failed } жеткізілмеді.
admin-stats-header = Статистика
admin-stats-channels = Арналар бойынша пайдаланушылар: { $list }
admin-stats-languages = Тілдер бойынша пайдаланушылар: { $list }
admin-stats-countries = Шығу елі бойынша бағыттар: { $list }
admin-stats-queries = Жиі іздеулер (30 күн): { $list }
admin-stats-daily = Күн сайынғы іздеулер (соңғы 7 күн): { $list }
admin-stats-flows = Жиі бағыттар: { $list }
admin-stats-gaps = Нәтижесіз іздеулер: { $list }
admin-stats-feedback = Пайдалы: иә – { $yes }, жоқ – { $no }
admin-incidents-header = Шекарадағы оқиғалар туралы хабарламалар (ай · өткізу пункті · жағдай: саны):
admin-incidents-none = Оқиғалар туралы хабарламалар әзірге жоқ.
