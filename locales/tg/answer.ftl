answer-header = { $product } (ТН ВЭД { $hs }): { $origin } → { $destination }
answer-side-export = Содирот аз { $country }:
answer-side-crossing = Дар сарҳад:
answer-side-import = Воридот ба { $country }:
answer-posts = Гузаргоҳҳои сарҳадӣ: { $posts }
answer-footer =
    { $count ->
        [1] Барои дидани ҳуҷҷатҳо, арзиш, мӯҳлат ва асоси ҳуқуқӣ қадамро пахш кунед.
        [one] Барои дидани ҳуҷҷатҳо, арзиш, мӯҳлат ва асоси ҳуқуқӣ ягон қадамро пахш кунед.
       *[other] Барои дидани ҳуҷҷатҳо, арзиш, мӯҳлат ва асоси ҳуқуқӣ ягон қадамро пахш кунед.
    }
answer-next = Баъд чӣ кор мекунем?
detail-agency = Идора: { $agency }
detail-documents = Ҳуҷҷатҳо: { $documents }
detail-cost = Арзиш: { $cost }
detail-time = Мӯҳлат: { $time }
detail-figure-unknown = дар манбаъҳои мо тасдиқ нашудааст; аниқ кунед: { $contact }
detail-figure-unknown-portal = дар манбаъҳои мо тасдиқ нашудааст; дар портали расмии { $portal } аниқ кунед
detail-legal = Асоси ҳуқуқӣ: { $basis }
detail-source = Манбаъ: { $source }
detail-verified = Санҷида шуд: { $date }
choice-new = 🔎 Ҷустуҷӯи нав
choice-other-destination = Ба кишвари дигар
choice-language = 🌐 Забон
choice-prev-step = ◀ Қадами қаблӣ
choice-next-step = Қадами навбатӣ ▶
choice-back = ↩ Бозгашт
choice-documents = 📄 Рӯйхати ҳуҷҷатҳо
documents-header = Ҳуҷҷатҳо: { $product }, { $origin } → { $destination }
documents-line =
    { $count ->
        [1] ☐ { $document } (қадами { $steps })
        [one] ☐ { $document } (қадамҳо: { $steps })
       *[other] ☐ { $document } (қадамҳо: { $steps })
    }
documents-footer = Барои дидани он ки ҳуҷҷатро кӣ медиҳад ва асоси ҳуқуқии он, қадамро пахш кунед.
documents-none = Дар манбаъҳои мо барои ин самт ҳуҷҷатҳо нишон дода нашудаанд; дар порталҳое, ки дар қадамҳо омадаанд, аниқ кунед.
