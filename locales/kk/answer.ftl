answer-header = { $product } (ТН ВЭД { $hs }): { $origin } → { $destination }
answer-side-export = Экспорт — { $country }:
answer-side-crossing = Шекарада:
answer-side-import = Импорт — { $country }:
answer-posts = Өткізу пункттері: { $posts }
answer-footer =
    { $count ->
        [one] Құжаттарды, құнын, мерзімін және заңдық негізін көру үшін қадамды басыңыз.
       *[other] Құжаттарды, құнын, мерзімін және заңдық негізін көру үшін кез келген қадамды басыңыз.
    }
answer-next = Әрі қарай не істейміз?
detail-agency = Мекеме: { $agency }
detail-documents = Құжаттар: { $documents }
detail-cost = Құны: { $cost }
detail-time = Мерзімі: { $time }
detail-figure-unknown = біздің дереккөздерде расталмаған; мына жерден нақтылаңыз: { $contact }
detail-figure-unknown-portal = біздің дереккөздерде расталмаған; { $portal } ресми порталынан нақтылаңыз
detail-legal = Заңдық негіз: { $basis }
detail-source = Дереккөз: { $source }
detail-verified = Тексерілді: { $date }
choice-new = 🔎 Жаңа іздеу
choice-other-destination = Осы тауар, басқа ел
choice-language = 🌐 Тіл
choice-prev-step = ◀ Алдыңғы қадам
choice-next-step = Келесі қадам ▶
choice-back = ↩ Артқа
choice-documents = 📄 Құжаттар тізімі
documents-header = Құжаттар: { $product }, { $origin } → { $destination }
documents-line =
    { $count ->
        [one] ☐ { $document } (қадам { $steps })
       *[other] ☐ { $document } (қадамдар: { $steps })
    }
documents-footer = Құжатты кім беретінін және заңдық негізін көру үшін қадамды басыңыз.
documents-none = Біздің дереккөздерде бұл бағыт үшін құжаттар көрсетілмеген; қадамдардағы порталдардан нақтылаңыз.
