costs-vat = НДС { $rate } ({ $source })
costs-vat-unknown = НДС: в наших источниках нет; уточните в таможне
costs-duty-eaeu = Пошлина: внутри ЕАЭС нет; НДС платят в налоговую покупателя
costs-duty-cis = Пошлина: нет при действующем СТ-1 (ЗСТ СНГ); без него { $rate }
costs-duty-rate = Пошлина { $rate } ({ $source })
costs-duty-range = Пошлина { $rate } ({ $source }); решает полный код
costs-duty-unknown = Пошлина: для этого кода в наших источниках нет; уточните в таможне
costs-excise = Акциз { $rate } ({ $source })
costs-excise-minimum = { $rate } таможенной стоимости, { $minimum }
costs-full-rate = полная ставка тарифа
costs-days =
    { $days ->
        [one] { $days } рабочий день
        [few] { $days } рабочих дня
        [many] { $days } рабочих дней
       *[other] { $days } рабочего дня
    }
costs-hours =
    { $hours ->
        [one] { $hours } час
        [few] { $hours } часа
        [many] { $hours } часов
       *[other] { $hours } часа
    }
costs-days-range = { $low }–{ $high } рабочих дней
costs-percent-of-value = { $rate } от таможенной стоимости
costs-free = бесплатно
detail-fee = Стоимость: { $cost } ({ $source })
detail-fee-time = Срок: { $time } ({ $source })
detail-unpublished-cost = Стоимость не опубликована; уточните: { $contact }
detail-unpublished-time = Срок не опубликован; уточните: { $contact }
detail-unpublished-both = Стоимость и срок не опубликованы; уточните: { $contact }
choice-estimate = 💰 Сколько платить?
est-ask = Сколько стоит ваш товар? Напишите сумму и валюту, например: { $example }
est-unreadable = Не удалось прочитать сумму. Напишите так: { $example }
est-not-positive = Сумма должна быть больше нуля. Например: { $example }
est-absurd = Это слишком много для одной партии. Проверьте сумму и напишите ещё раз.
est-currency = В какой валюте? Напишите сумму с одной из: { $currencies }. Например: { $example }
est-no-rates = Официального курса { $currency } к { $target } пока нет. Используйте одну из: { $currencies }
est-header = Расчёт: { $product }, { $origin } → { $destination }
est-value = Товар: { $value } = { $customs } (курс { $bank }, { $date }: 1 { $from } = { $rate } { $to })
est-line-duty = Пошлина { $rate }: { $amount }
est-line-vat = НДС { $rate }: { $amount }
est-line-excise = Акциз { $rate }: { $amount }
est-line-fee = { $what } ({ $rate }): { $amount }
est-total = Итого: { $total } ≈ { $total_her }
est-sources = Источники: { $sources }
est-note-eaeu = Внутри ЕАЭС пошлины нет; НДС платят в налоговую покупателя.
est-note-cis = При действующем СТ-1 пошлины нет; без него — полная ставка тарифа.
est-personal = Для личного пользования: { $allowance }
est-excluded = Не учтено: { $items }
est-excluded-transport = перевозка и страховка
est-excluded-services = брокер, склад и банковские сборы
est-excluded-excise = акциз
est-excluded-excise-minimum = минимум акциза за литр, который может увеличить акциз (зависит от числа литров)
est-excluded-duty = пошлина (для этого кода в наших источниках нет)
est-excluded-vat = НДС (в наших источниках нет)
est-excluded-specific = часть пошлины за килограмм
est-excluded-per-kg = пошлина, установленная за килограмм (зависит от веса)
est-excluded-unpublished = неопубликованные сборы ({ $steps })
rates-header = Официальные курсы валют:
rates-line = { $bank } ({ $date }): 1 { $currency } = { $rate } { $base }
rates-none = Официальных курсов пока нет; их загружают каждый день.
rates-old = Это последние полученные курсы, на { $date }.
