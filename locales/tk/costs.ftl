costs-vat = GBS { $rate } ({ $source })
costs-vat-unknown = GBS: çeşmelerimizde ýok; gümrükden soraň
costs-duty-eaeu = Paç: ÝYB-iň içinde ýok; GBS alyjynyň salgyt edarasyna tölenýär
costs-duty-cis = Paç: hereketdäki ST-1 bolsa ýok (GDA ESZ); onsuz { $rate }
costs-duty-rate = Paç { $rate } ({ $source })
costs-duty-range = Paç { $rate } ({ $source }); doly kod çözýär
costs-duty-unknown = Paç: bu kod üçin çeşmelerimizde ýok; gümrükden soraň
costs-excise = Aksiz { $rate } ({ $source })
costs-excise-minimum = gümrük bahasyndan { $rate }, { $minimum }
costs-full-rate = tarifiň doly möçberi
costs-days =
    { $days ->
        [one] { $days } iş güni
       *[other] { $days } iş güni
    }
costs-hours =
    { $hours ->
        [one] { $hours } sagat
       *[other] { $hours } sagat
    }
costs-days-range = { $low }–{ $high } iş güni
costs-percent-of-value = gümrük bahasyndan { $rate }
costs-free = mugt
detail-fee = Bahasy: { $cost } ({ $source })
detail-fee-time = Möhleti: { $time } ({ $source })
detail-unpublished-cost = Bahasy çap edilmedik; soraň: { $contact }
detail-unpublished-time = Möhleti çap edilmedik; soraň: { $contact }
detail-unpublished-both = Bahasy we möhleti çap edilmedik; soraň: { $contact }
choice-estimate = 💰 Näçe tölärin?
est-ask = Harydyňyz näçe durýar? Möçberi we walýutany ýazyň, mysal üçin: { $example }
est-unreadable = Möçberi okap bilmedim. Şeýle ýazyň: { $example }
est-not-positive = Möçber noldan köp bolmaly. Mysal üçin: { $example }
est-absurd = Bir partiýa üçin bu gaty köp. Möçberi barlap, täzeden ýazyň.
est-currency = Haýsy walýutada? Möçberi şulardan biri bilen ýazyň: { $currencies }. Mysal üçin: { $example }
est-no-rates = { $currency } bilen { $target } arasynda resmi hümmet heniz ýok. Şulardan birini ulanyň: { $currencies }
est-header = Hasap: { $product }, { $origin } → { $destination }
est-value = Haryt: { $value } = { $customs } ({ $bank } hümmeti, { $date }: 1 { $from } = { $rate } { $to })
est-line-duty = Paç { $rate }: { $amount }
est-line-vat = GBS { $rate }: { $amount }
est-line-excise = Aksiz { $rate }: { $amount }
est-line-fee = { $what } ({ $rate }): { $amount }
est-total = Jemi: { $total } ≈ { $total_her }
est-sources = Çeşmeler: { $sources }
est-note-eaeu = ÝYB-iň içinde paç ýok; GBS alyjynyň salgyt edarasyna tölenýär.
est-note-cis = Hereketdäki ST-1 bolsa paç ýok; onsuz tarifiň doly möçberi ulanylýar.
est-personal = Şahsy peýdalanmak üçin: { $allowance }
est-excluded = Hasaba girmedi: { $items }
est-excluded-transport = daşamak we ätiýaçlandyryş
est-excluded-services = broker, ammar we bank ýygymlary
est-excluded-excise = aksiz
est-excluded-excise-minimum = aksiziň 1 litr üçin iň az möçberi, ol aksizi köpeldip biler (litrleriň sanyna bagly)
est-excluded-duty = paç (bu kod üçin çeşmelerimizde ýok)
est-excluded-vat = GBS (çeşmelerimizde ýok)
est-excluded-specific = paçyň kilogram üçin bölegi
est-excluded-per-kg = kilogram üçin bellenen paç (agramyna bagly)
est-excluded-unpublished = çap edilmedik ýygymlar ({ $steps })
rates-header = Resmi walýuta hümmetleri:
rates-line = { $bank } ({ $date }): 1 { $currency } = { $rate } { $base }
rates-none = Resmi hümmetler heniz ýok; olar her gün ýüklenýär.
rates-old = Bular iň soňky alnan hümmetler, { $date } senesine.
