costs-vat = ААИ { $rate } ({ $source })
costs-vat-unknown = ААИ: дар сарчашмаҳои мо нест; аз гумрук пурсед
costs-duty-eaeu = Боҷ: дар дохили ИИАО нест; ААИ ба мақоми андози харидор супорида мешавад
costs-duty-cis = Боҷ: бо СТ-1-и амалкунанда нест (МСО ИДМ); бе он { $rate }
costs-duty-rate = Боҷ { $rate } ({ $source })
costs-duty-range = Боҷ { $rate } ({ $source }); рамзи пурра ҳал мекунад
costs-duty-unknown = Боҷ: барои ин рамз дар сарчашмаҳои мо нест; аз гумрук пурсед
costs-excise = Аксиз { $rate } ({ $source })
costs-excise-minimum = { $rate } аз арзиши гумрукӣ, { $minimum }
costs-full-rate = меъёри пурраи тариф
costs-days =
    { $days ->
        [one] { $days } рӯзи корӣ
       *[other] { $days } рӯзи корӣ
    }
costs-hours =
    { $hours ->
        [one] { $hours } соат
       *[other] { $hours } соат
    }
costs-days-range = { $low }–{ $high } рӯзи корӣ
costs-percent-of-value = { $rate } аз арзиши гумрукӣ
costs-free = ройгон
detail-fee = Арзиш: { $cost } ({ $source })
detail-fee-time = Мӯҳлат: { $time } ({ $source })
detail-unpublished-cost = Арзиш нашр нашудааст; пурсед: { $contact }
detail-unpublished-time = Мӯҳлат нашр нашудааст; пурсед: { $contact }
detail-unpublished-both = Арзиш ва мӯҳлат нашр нашудаанд; пурсед: { $contact }
choice-estimate = 💰 Чанд месупорам?
est-ask = Моли шумо чанд арзиш дорад? Маблағ ва асъорро нависед, масалан: { $example }
est-unreadable = Маблағро хонда натавонистам. Чунин нависед: { $example }
est-not-positive = Маблағ бояд аз сифр зиёд бошад. Масалан: { $example }
est-absurd = Барои як интиқол ин хеле зиёд аст. Маблағро санҷида, боз нависед.
est-currency = Бо кадом асъор? Маблағро бо яке аз инҳо нависед: { $currencies }. Масалан: { $example }
est-no-rates = Қурби расмии { $currency } ба { $target } ҳоло нест. Яке аз инҳоро истифода баред: { $currencies }
est-header = Ҳисоб: { $product }, { $origin } → { $destination }
est-value = Мол: { $value } = { $customs } (қурби { $bank }, { $date }: 1 { $from } = { $rate } { $to })
est-line-duty = Боҷ { $rate }: { $amount }
est-line-vat = ААИ { $rate }: { $amount }
est-line-excise = Аксиз { $rate }: { $amount }
est-line-fee = { $what } ({ $rate }): { $amount }
est-total = Ҳамагӣ: { $total } ≈ { $total_her }
est-sources = Сарчашмаҳо: { $sources }
est-note-eaeu = Дар дохили ИИАО боҷ нест; ААИ ба мақоми андози харидор супорида мешавад.
est-note-cis = Бо СТ-1-и амалкунанда боҷ нест; бе он меъёри пурраи тариф амал мекунад.
est-personal = Барои истифодаи шахсӣ: { $allowance }
est-excluded = Ба ҳисоб дохил нашуд: { $items }
est-excluded-transport = интиқол ва суғурта
est-excluded-services = брокер, анбор ва пардохтҳои бонкӣ
est-excluded-excise = аксиз
est-excluded-excise-minimum = ҳадди ақали аксиз барои як литр, ки метавонад аксизро зиёд кунад (ба шумораи литрҳо вобаста аст)
est-excluded-duty = боҷ (барои ин рамз дар сарчашмаҳои мо нест)
est-excluded-vat = ААИ (дар сарчашмаҳои мо нест)
est-excluded-specific = қисми боҷ барои як килограмм
est-excluded-per-kg = боҷе, ки барои як килограмм муқаррар шудааст (аз вазн вобаста аст)
est-excluded-unpublished = пардохтҳои нашрнашуда ({ $steps })
rates-header = Қурбҳои расмии асъор:
rates-line = { $bank } ({ $date }): 1 { $currency } = { $rate } { $base }
rates-none = Қурбҳои расмӣ ҳоло нестанд; онҳо ҳар рӯз бор карда мешаванд.
rates-old = Инҳо қурбҳои охирини гирифташуда, аз { $date } мебошанд.
