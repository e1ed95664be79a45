# Temporary measures (bans, quotas, licences): the answer's first lines, notices, admin.
measure-coming = 🔜 { $start } senesinden: { $text }
measure-until = { $end } çenli (şol gün hem)
measure-until-cancelled = Ýatyrylýança
measure-act = { $title } № { $number }, { $date }
measure-notice-published = 📢 Siziň { $flow } ugruňyzda wagtlaýyn çäre:
measure-notice-starts = 📢 Ertir siziň { $flow } ugruňyzda wagtlaýyn çäre güýje girýär:
measure-notice-ends = 📢 Şu gün siziň { $flow } ugruňyzdaky wagtlaýyn çäräniň soňky güni:
measure-notice-footer = Ýük ibermezden öň namany barlaň. Bu habarlary togtatmak: /subscriptions.
kb-problem-measure-dates = çäre başlamanka gutarýar
kb-problem-measure-partners = sanitar gadagançylyk ýa-da tranzit çäresi harytlaryň gelýän ýurtlaryny görkezmeli (partners)
admin-measure-usage =
    Wagtlaýyn çäreler:
    /measure — güýjüne girenler we geljekdäkiler
    /measure add — soň measures.yaml-daky ýaly bir çäre YAML görnüşinde
    /measure extend ID ÝÝÝÝ-AA-GG|open BELGI ÝÝÝÝ-AA-GG — nama boýunça täze möhlet (belgisi, senesi)
    /measure end ID ÝÝÝÝ-AA-GG [BELGI ÝÝÝÝ-AA-GG] — güýjüniň soňky güni
    Her üýtgeşme ilki tassyklamagyňyz üçin görkezilýär.
admin-measure-list = Güýjündäki we geljekdäki wagtlaýyn çäreler:
admin-measure-none = Güýjündäki ýa-da geljekdäki wagtlaýyn çäre ýok.
admin-measure-unknown = { $id } id-li çäre ýok. Sanaw: /measure.
admin-measure-bad-date = Seneler ÝÝÝÝ-AA-GG görnüşinde ýazylýar ('open' — ýatyrylýança).
admin-measure-not-later = Uzaltma häzirki möhletden ({ $end }) soň gutarmaly.
admin-measure-not-earlier = Çäräni ir gutarmak üçin { $start } senesinden { $end } senesinden öňki güni görkeziň.
admin-measure-exists = { $id } id-li çäre eýýäm bar: ony uzaldyň ýa-da gutaryň.
admin-measure-unreadable = /measure add-dan soň bir çäräni YAML görnüşinde ýazyň (id, country, direction, ... bolan sözlük).
