# Гуфтугӯ барои телефон (issue 16).
answer-part-export =
    { $count ->
        [1] 📤 Содирот аз { $country }: қадами { $steps }
       *[other] 📤 Содирот аз { $country }: қадамҳои { $steps }
    }
answer-part-crossing =
    { $count ->
        [1] 🛃 Дар сарҳад: қадами { $steps }
       *[other] 🛃 Дар сарҳад: қадамҳои { $steps }
    }
answer-part-import =
    { $count ->
        [1] 📥 Воридот ба { $country }: қадами { $steps }
       *[other] 📥 Воридот ба { $country }: қадамҳои { $steps }
    }
answer-documents-count = 📄 Ҳуҷҷатҳое, ки бояд ҷамъ кард: { $count }
answer-posts-short = 🚧 Гузаргоҳҳо: { $posts }
answer-hint = Барои дидани қадамҳо қисмро пахш кунед ё рақами қадамро нависед.
choice-part-export = 📤 Содирот { $steps }
choice-part-crossing = 🛃 Сарҳад { $steps }
choice-part-import = 📥 Воридот { $steps }
choice-more-actions = ⋯ Боз
side-hint = Қадамро пахш кунед: ҳуҷҷатҳо, арзиш, мӯҳлат ва асоси ҳуқуқӣ.
choice-more = Боз ▶ { $page }/{ $pages }
documents-tick-hint = Вақте ки ҳуҷҷат дар дасти шумост, онро пахш кунед: ман дар хотир нигоҳ медорам.
choice-doc-have = ☑ { $document }
choice-doc-need = ☐ { $document }
product-next-candidates = Пас шояд яке аз инҳо?
product-generic = «{ $query }» якчанд молро дар бар мегирад. Кадомаш?
report-thanks-short = Ташаккур: хабари шумо бе ном ва рақаматон нигоҳ дошта шуд.
smalltalk-greeting = Салом! Нависед, ки кадом молро мебаред (масалан: ғӯлинг, футболка), ё тугмаро пахш кунед.
smalltalk-thanks = Марҳамат! Роҳи сафед. Моли дигарро ҳар вақт нависед.
smalltalk-operator = Ман ёрдамчии худкор ҳастам: ин чатро одам намехонад. Ман тартиби расмии ҳар қадам ва аз кӣ пурсиданро нишон медиҳам.
smalltalk-operator-expert = Ман ёрдамчии худкор ҳастам. Барои навиштан ба одам, дар зери ҷавоб «Ба коршинос савол»-ро пахш кунед.
question-offer = Ин ба савол монанд аст, на ба номи мол.
question-step = Ҷавоб шояд дар қадами { $number }-и хатсайри шумо бошад: { $title }.
question-expert = Саволро ба коршинос фиристодан мумкин аст.
question-no-route = Молро нависед ва хатсайрро интихоб кунед: ҳар қадам ҳуҷҷатҳо, арзиш ва мӯҳлатро нишон медиҳад.
choice-open-step = Қадами { $number }
place-country = { $place }: { $country }.
sentence-need-product = { $origin } → { $destination }: кадом мол? Номашро нависед.
