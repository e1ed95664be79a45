answer-header = { $product } (ТН ВЭД { $hs }): { $origin } → { $destination }
answer-side-export = Экспорт — { $country }:
answer-side-crossing = На границе:
answer-side-import = Импорт — { $country }:
answer-posts = Пункты пропуска: { $posts }
answer-footer =
    { $count ->
        [1] Нажмите на шаг, чтобы увидеть документы, стоимость, сроки и правовую основу.
        [one] Нажмите на любой шаг, чтобы увидеть документы, стоимость, сроки и правовую основу.
        [few] Нажмите на любой шаг, чтобы увидеть документы, стоимость, сроки и правовую основу.
        [many] Нажмите на любой шаг, чтобы увидеть документы, стоимость, сроки и правовую основу.
       *[other] Нажмите на любой шаг, чтобы увидеть документы, стоимость, сроки и правовую основу.
    }
answer-next = Что дальше?
detail-agency = Ведомство: { $agency }
detail-documents = Документы: { $documents }
detail-cost = Стоимость: { $cost }
detail-time = Срок: { $time }
detail-figure-unknown = в наших источниках не подтверждено; уточните здесь: { $contact }
detail-figure-unknown-portal = в наших источниках не подтверждено; уточните на официальном портале { $portal }
detail-legal = Правовая основа: { $basis }
detail-source = Источник: { $source }
detail-verified = Проверено: { $date }
choice-new = 🔎 Новый поиск
choice-other-destination = В другую страну
choice-language = 🌐 Язык
choice-prev-step = ◀ Предыдущий шаг
choice-next-step = Следующий шаг ▶
choice-back = ↩ Назад
choice-documents = 📄 Список документов
documents-header = Документы: { $product }, { $origin } → { $destination }
documents-line =
    { $count ->
        [1] ☐ { $document } (шаг { $steps })
        [one] ☐ { $document } (шаги { $steps })
        [few] ☐ { $document } (шаги { $steps })
        [many] ☐ { $document } (шаги { $steps })
       *[other] ☐ { $document } (шаги { $steps })
    }
documents-footer = Нажмите на шаг, чтобы узнать, кто выдаёт документ и на каком правовом основании.
documents-none = В наших источниках нет документов для этого направления; уточните на порталах, указанных в шагах.
