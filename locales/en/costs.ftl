costs-vat = VAT { $rate } ({ $source })
costs-vat-unknown = VAT: not in our sources; ask customs
costs-duty-eaeu = Duty: none inside the EAEU; VAT is paid to the buyer's tax office
costs-duty-cis = Duty: none with a valid ST-1 (CIS free trade); without it { $rate }
costs-duty-rate = Duty { $rate } ({ $source })
costs-duty-range = Duty { $rate } ({ $source }); the full code decides
costs-duty-unknown = Duty: not in our sources for this code; ask customs
costs-excise = Excise { $rate } ({ $source })
costs-excise-minimum = { $rate } of the customs value, { $minimum }
costs-full-rate = the full tariff rate
costs-days =
    { $days ->
        [one] { $days } working day
       *[other] { $days } working days
    }
costs-hours =
    { $hours ->
        [one] { $hours } hour
       *[other] { $hours } hours
    }
costs-days-range = { $low }–{ $high } working days
costs-percent-of-value = { $rate } of the customs value
costs-free = free of charge
detail-fee = Cost: { $cost } ({ $source })
detail-fee-time = Time: { $time } ({ $source })
detail-unpublished-cost = Cost not published; ask { $contact }
detail-unpublished-time = Time not published; ask { $contact }
detail-unpublished-both = Cost and time not published; ask { $contact }
choice-estimate = 💰 What will I pay?
est-ask = What are your goods worth? Type the value and the currency, for example: { $example }
est-unreadable = I could not read a value. Type it like this: { $example }
est-not-positive = The value must be more than zero. For example: { $example }
est-absurd = That is too much for one consignment. Check the figure and type it again.
est-currency = Which currency? Type the value with one of: { $currencies }. For example: { $example }
est-no-rates = No official rate links { $currency } to { $target } yet. Use one of: { $currencies }
est-header = Estimate: { $product }, { $origin } → { $destination }
est-value = Goods: { $value } = { $customs } (rate of { $bank }, { $date }: 1 { $from } = { $rate } { $to })
est-line-duty = Duty { $rate }: { $amount }
est-line-vat = VAT { $rate }: { $amount }
est-line-excise = Excise { $rate }: { $amount }
est-line-fee = { $what } ({ $rate }): { $amount }
est-total = Total: { $total } ≈ { $total_her }
est-sources = Sources: { $sources }
est-note-eaeu = Inside the EAEU there is no duty; VAT is paid to the buyer's tax office.
est-note-cis = No duty with a valid ST-1; without it the full tariff rate applies.
est-personal = For your own use: { $allowance }
est-excluded = Not included: { $items }
est-excluded-transport = transport and insurance
est-excluded-services = broker, storage and bank charges
est-excluded-excise = excise
est-excluded-excise-minimum = the excise minimum per litre, which may raise the excise (it depends on the litres)
est-excluded-duty = duty (not in our sources for this code)
est-excluded-vat = VAT (not in our sources)
est-excluded-specific = the per-kg part of the duty
est-excluded-per-kg = the duty, which is set per kg (it depends on the weight)
est-excluded-unpublished = unpublished fees ({ $steps })
rates-header = Official exchange rates:
rates-line = { $bank } ({ $date }): 1 { $currency } = { $rate } { $base }
rates-none = No official rates stored yet; the worker fetches them every day.
rates-old = These are the last rates received, of { $date }.
