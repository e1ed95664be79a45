costs-vat = ҚҚС { $rate } ({ $source })
costs-vat-unknown = ҚҚС: біздің дереккөздерде жоқ; кеденнен сұраңыз
costs-duty-eaeu = Баж: ЕАЭО ішінде жоқ; ҚҚС сатып алушының салық органына төленеді
costs-duty-cis = Баж: жарамды СТ-1 болса жоқ (ТМД ЕСА); онсыз { $rate }
costs-duty-rate = Баж { $rate } ({ $source })
costs-duty-range = Баж { $rate } ({ $source }); толық код шешеді
costs-duty-unknown = Баж: бұл кодқа біздің дереккөздерде жоқ; кеденнен сұраңыз
costs-excise = Акциз { $rate } ({ $source })
costs-excise-minimum = кедендік құннан { $rate }, { $minimum }
costs-full-rate = тарифтің толық мөлшерлемесі
costs-days =
    { $days ->
        [one] { $days } жұмыс күні
       *[other] { $days } жұмыс күні
    }
costs-hours =
    { $hours ->
        [one] { $hours } сағат
       *[other] { $hours } сағат
    }
costs-days-range = { $low }–{ $high } жұмыс күні
costs-percent-of-value = кедендік құннан { $rate }
costs-free = тегін
detail-fee = Құны: { $cost } ({ $source })
detail-fee-time = Мерзімі: { $time } ({ $source })
detail-unpublished-cost = Құны жарияланбаған; сұраңыз: { $contact }
detail-unpublished-time = Мерзімі жарияланбаған; сұраңыз: { $contact }
detail-unpublished-both = Құны мен мерзімі жарияланбаған; сұраңыз: { $contact }
choice-estimate = 💰 Қанша төлеймін?
est-ask = Тауарыңыз қанша тұрады? Сома мен валютаны жазыңыз, мысалы: { $example }
est-unreadable = Соманы оқи алмадым. Былай жазыңыз: { $example }
est-not-positive = Сома нөлден көп болуы керек. Мысалы: { $example }
est-absurd = Бір партия үшін бұл тым көп. Соманы тексеріп, қайта жазыңыз.
est-currency = Қай валютада? Соманы мыналардың бірімен жазыңыз: { $currencies }. Мысалы: { $example }
est-no-rates = { $currency } валютасының { $target } бойынша ресми бағамы әзірге жоқ. Мыналардың бірін қолданыңыз: { $currencies }
est-header = Есеп: { $product }, { $origin } → { $destination }
est-value = Тауар: { $value } = { $customs } ({ $bank } бағамы, { $date }: 1 { $from } = { $rate } { $to })
est-line-duty = Баж { $rate }: { $amount }
est-line-vat = ҚҚС { $rate }: { $amount }
est-line-excise = Акциз { $rate }: { $amount }
est-line-fee = { $what } ({ $rate }): { $amount }
est-total = Барлығы: { $total } ≈ { $total_her }
est-sources = Дереккөздер: { $sources }
est-note-eaeu = ЕАЭО ішінде баж жоқ; ҚҚС сатып алушының салық органына төленеді.
est-note-cis = Жарамды СТ-1 болса баж жоқ; онсыз тарифтің толық мөлшерлемесі қолданылады.
est-personal = Жеке пайдалану үшін: { $allowance }
est-excluded = Есепке кірмеді: { $items }
est-excluded-transport = тасымал және сақтандыру
est-excluded-services = брокер, қойма және банк алымдары
est-excluded-excise = акциз
est-excluded-excise-minimum = акциздің литр үшін ең төменгі мөлшері, ол акцизді көбейтуі мүмкін (литр санына байланысты)
est-excluded-duty = баж (бұл кодқа біздің дереккөздерде жоқ)
est-excluded-vat = ҚҚС (біздің дереккөздерде жоқ)
est-excluded-specific = баждың килограмм үшін бөлігі
est-excluded-per-kg = килограмм үшін белгіленген баж (салмағына байланысты)
est-excluded-unpublished = жарияланбаған алымдар ({ $steps })
rates-header = Ресми валюта бағамдары:
rates-line = { $bank } ({ $date }): 1 { $currency } = { $rate } { $base }
rates-none = Ресми бағамдар әлі жоқ; олар күн сайын жүктеледі.
rates-old = Бұл соңғы алынған бағамдар, { $date } күнгі.
