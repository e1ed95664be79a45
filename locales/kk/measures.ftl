# Temporary measures (bans, quotas, licences): the answer's first lines, notices, admin.
measure-coming = 🔜 { $start } бастап: { $text }
measure-until = { $end } дейін (сол күнді қоса)
measure-until-cancelled = Күші жойылғанға дейін
measure-act = { $title } № { $number }, { $date }
measure-notice-published = 📢 Сіздің { $flow } бағытыңызда уақытша шара:
measure-notice-starts = 📢 Ертең сіздің { $flow } бағытыңызда уақытша шара күшіне енеді:
measure-notice-ends = 📢 Бүгін сіздің { $flow } бағытыңыздағы уақытша шараның соңғы күні:
measure-notice-footer = Жүкті жөнелтпес бұрын актіні тексеріңіз. Бұл хабарларды тоқтату: /subscriptions.
kb-problem-measure-dates = шара басталмай тұрып аяқталады
kb-problem-measure-partners = санитарлық тыйым немесе транзит шарасы тауар шығатын елдерді атауы керек (partners)
admin-measure-usage =
    Уақытша шаралар:
    /measure — қолданыстағы және алдағы шаралар
    /measure add — одан кейін measures.yaml-дағыдай бір шара YAML түрінде
    /measure extend ID ЖЖЖЖ-АА-КК|open НӨМІР ЖЖЖЖ-АА-КК — акт бойынша жаңа мерзім (нөмірі, күні)
    /measure end ID ЖЖЖЖ-АА-КК [НӨМІР ЖЖЖЖ-АА-КК] — қолданылатын соңғы күн
    Әр өзгеріс алдымен сізге растауға көрсетіледі.
admin-measure-list = Қолданыстағы және алдағы уақытша шаралар:
admin-measure-none = Қолданыстағы немесе алдағы уақытша шара жоқ.
admin-measure-unknown = { $id } id-і бар шара жоқ. Тізім: /measure.
admin-measure-bad-date = Күндер ЖЖЖЖ-АА-КК түрінде жазылады ('open' — күші жойылғанға дейін).
admin-measure-not-later = Ұзарту қазіргі мерзімнен ({ $end }) кейін аяқталуы керек.
admin-measure-not-earlier = Шараны ерте аяқтау үшін { $start } бастап { $end } дейінгі күнді көрсетіңіз.
admin-measure-exists = { $id } id-і бар шара бұрыннан бар: оны ұзартыңыз немесе аяқтаңыз.
admin-measure-unreadable = /measure add кейін бір шараны YAML түрінде жазыңыз (id, country, direction, ... бар сөздік).
