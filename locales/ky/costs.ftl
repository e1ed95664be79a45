costs-vat = КНС { $rate } ({ $source })
costs-vat-unknown = КНС: биздин булактарда жок; бажыдан сураңыз
costs-duty-eaeu = Бажы алымы: ЕАЭБ ичинде жок; КНС сатып алуучунун салык органына төлөнөт
costs-duty-cis = Бажы алымы: жарактуу СТ-1 болсо жок (КМШ ЭСА); ансыз { $rate }
costs-duty-rate = Бажы алымы { $rate } ({ $source })
costs-duty-range = Бажы алымы { $rate } ({ $source }); толук код чечет
costs-duty-unknown = Бажы алымы: бул кодго биздин булактарда жок; бажыдан сураңыз
costs-excise = Акциз { $rate } ({ $source })
costs-excise-minimum = бажы наркынан { $rate }, { $minimum }
costs-full-rate = тарифтин толук ченеми
costs-days =
    { $days ->
        [one] { $days } иш күнү
       *[other] { $days } иш күнү
    }
costs-hours =
    { $hours ->
        [one] { $hours } саат
       *[other] { $hours } саат
    }
costs-days-range = { $low }–{ $high } иш күнү
costs-percent-of-value = бажы наркынан { $rate }
costs-free = акысыз
detail-fee = Баасы: { $cost } ({ $source })
detail-fee-time = Мөөнөтү: { $time } ({ $source })
detail-unpublished-cost = Баасы жарыяланган эмес; сураңыз: { $contact }
detail-unpublished-time = Мөөнөтү жарыяланган эмес; сураңыз: { $contact }
detail-unpublished-both = Баасы жана мөөнөтү жарыяланган эмес; сураңыз: { $contact }
choice-estimate = 💰 Канча төлөйм?
est-ask = Товарыңыз канча турат? Сумманы жана валютаны жазыңыз, мисалы: { $example }
est-unreadable = Сумманы окуй алган жокмун. Мындай жазыңыз: { $example }
est-not-positive = Сумма нөлдөн көп болушу керек. Мисалы: { $example }
est-absurd = Бир партия үчүн бул өтө көп. Сумманы текшерип, кайра жазыңыз.
est-currency = Кайсы валютада? Сумманы булардын бири менен жазыңыз: { $currencies }. Мисалы: { $example }
est-no-rates = { $currency } валютасынын { $target } боюнча расмий курсу азырынча жок. Булардын бирин колдонуңуз: { $currencies }
est-header = Эсеп: { $product }, { $origin } → { $destination }
est-value = Товар: { $value } = { $customs } ({ $bank } курсу, { $date }: 1 { $from } = { $rate } { $to })
est-line-duty = Бажы алымы { $rate }: { $amount }
est-line-vat = КНС { $rate }: { $amount }
est-line-excise = Акциз { $rate }: { $amount }
est-line-fee = { $what } ({ $rate }): { $amount }
est-total = Бардыгы: { $total } ≈ { $total_her }
est-sources = Булактар: { $sources }
est-note-eaeu = ЕАЭБ ичинде бажы алымы жок; КНС сатып алуучунун салык органына төлөнөт.
est-note-cis = Жарактуу СТ-1 болсо бажы алымы жок; ансыз тарифтин толук ченеми колдонулат.
est-personal = Жеке колдонуу үчүн: { $allowance }
est-excluded = Эсепке кирген жок: { $items }
est-excluded-transport = ташуу жана камсыздандыруу
est-excluded-services = брокер, кампа жана банк жыйымдары
est-excluded-excise = акциз
est-excluded-excise-minimum = акциздин литр үчүн эң аз өлчөмү, ал акцизди көбөйтүшү мүмкүн (литрдин санына жараша)
est-excluded-duty = бажы алымы (бул кодго биздин булактарда жок)
est-excluded-vat = КНС (биздин булактарда жок)
est-excluded-specific = бажы алымынын килограмм үчүн бөлүгү
est-excluded-per-kg = килограмм үчүн белгиленген бажы алымы (салмагына жараша)
est-excluded-unpublished = жарыяланбаган жыйымдар ({ $steps })
rates-header = Расмий валюта курстары:
rates-line = { $bank } ({ $date }): 1 { $currency } = { $rate } { $base }
rates-none = Расмий курстар азырынча жок; алар күн сайын жүктөлөт.
rates-old = Бул акыркы алынган курстар, { $date } күнкү.
