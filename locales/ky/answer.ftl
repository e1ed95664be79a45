answer-header = { $product } (ТН ВЭД { $hs }): { $origin } → { $destination }
answer-side-export = Экспорт — { $country }:
answer-side-crossing = Чек арада:
answer-side-import = Импорт — { $country }:
answer-posts = Өткөрүү пункттары: { $posts }
answer-footer =
    { $count ->
        [one] Документтерди, баасын, мөөнөтүн жана мыйзамдык негизин көрүү үчүн кадамды басыңыз.
       *[other] Документтерди, баасын, мөөнөтүн жана мыйзамдык негизин көрүү үчүн каалаган кадамды басыңыз.
    }
answer-next = Андан ары эмне кылабыз?
detail-agency = Мекеме: { $agency }
detail-documents = Документтер: { $documents }
detail-cost = Баасы: { $cost }
detail-time = Мөөнөтү: { $time }
detail-figure-unknown = биздин булактарда тастыкталган эмес; бул жерден тактаңыз: { $contact }
detail-figure-unknown-portal = биздин булактарда тастыкталган эмес; { $portal } расмий порталынан тактаңыз
detail-legal = Мыйзамдык негиз: { $basis }
detail-source = Булак: { $source }
detail-verified = Текшерилди: { $date }
choice-new = 🔎 Жаңы издөө
choice-other-destination = Товар башка өлкөгө
choice-language = 🌐 Тил
choice-prev-step = ◀ Мурунку кадам
choice-next-step = Кийинки кадам ▶
choice-back = ↩ Артка
choice-documents = 📄 Документтер
documents-header = Документтер: { $product }, { $origin } → { $destination }
documents-line =
    { $count ->
        [one] ☐ { $document } (кадам { $steps })
       *[other] ☐ { $document } (кадамдар: { $steps })
    }
documents-footer = Документти ким берерин жана мыйзамдык негизин көрүү үчүн кадамды басыңыз.
documents-none = Биздин булактарда бул багыт үчүн документтер көрсөтүлгөн эмес; кадамдардагы порталдардан тактаңыз.
