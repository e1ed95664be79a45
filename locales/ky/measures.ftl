# Temporary measures (bans, quotas, licences): the answer's first lines, notices, admin.
measure-coming = 🔜 { $start } баштап: { $text }
measure-until = { $end } чейин (ошол күндү кошо)
measure-until-cancelled = Жокко чыгарылганга чейин
measure-act = { $title } № { $number }, { $date }
measure-notice-published = 📢 Сиздин { $flow } багытыңызда убактылуу чара:
measure-notice-starts = 📢 Эртең сиздин { $flow } багытыңызда убактылуу чара күчүнө кирет:
measure-notice-ends = 📢 Бүгүн сиздин { $flow } багытыңыздагы убактылуу чаранын акыркы күнү:
measure-notice-footer = Жүк жөнөтүүдөн мурун актыны текшериңиз. Бул билдирүүлөрдү токтотуу: /subscriptions.
kb-problem-measure-dates = чара башталганга чейин бүтөт
kb-problem-measure-partners = санитардык тыюу же транзит чарасы товар чыккан өлкөлөрдү атоосу керек (partners)
admin-measure-usage =
    Убактылуу чаралар:
    /measure — күчүндөгү жана келе жаткан чаралар
    /measure add — андан кийин measures.yaml-дагыдай бир чара YAML түрүндө
    /measure extend ID ЖЖЖЖ-АА-КК|open НОМЕР ЖЖЖЖ-АА-КК — акт боюнча жаңы мөөнөт (номери, датасы)
    /measure end ID ЖЖЖЖ-АА-КК [НОМЕР ЖЖЖЖ-АА-КК] — күчүндө болгон акыркы күн
    Ар бир өзгөртүү адегенде сизге ырастоо үчүн көрсөтүлөт.
admin-measure-list = Күчүндөгү жана келе жаткан убактылуу чаралар:
admin-measure-none = Күчүндөгү же келе жаткан убактылуу чара жок.
admin-measure-unknown = { $id } id-си бар чара жок. Тизме: /measure.
admin-measure-bad-date = Даталар ЖЖЖЖ-АА-КК түрүндө жазылат ('open' — жокко чыгарылганга чейин).
admin-measure-not-later = Узартуу азыркы мөөнөттөн ({ $end }) кийин бүтүшү керек.
admin-measure-not-earlier = Чараны эрте бүтүрүү үчүн { $start } баштап { $end } чейинки күндү көрсөтүңүз.
admin-measure-exists = { $id } id-си бар чара мурунтан бар: аны узартыңыз же бүтүрүңүз.
admin-measure-unreadable = /measure add кийин бир чараны YAML түрүндө жазыңыз (id, country, direction, ... бар сөздүк).
