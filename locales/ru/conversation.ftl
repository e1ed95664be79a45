# Разговор с телефона (issue 16): короткий ответ, его части, страницы, простые фразы.
answer-part-export =
    { $count ->
        [1] 📤 Экспорт из страны { $country }: шаг { $steps }
       *[other] 📤 Экспорт из страны { $country }: шаги { $steps }
    }
answer-part-crossing =
    { $count ->
        [1] 🛃 На границе: шаг { $steps }
       *[other] 🛃 На границе: шаги { $steps }
    }
answer-part-import =
    { $count ->
        [1] 📥 Импорт в страну { $country }: шаг { $steps }
       *[other] 📥 Импорт в страну { $country }: шаги { $steps }
    }
answer-documents-count = 📄 Документов собрать: { $count }
answer-posts-short = 🚧 Пункты пропуска: { $posts }
answer-hint = Нажмите на часть, чтобы увидеть её шаги, или напишите номер шага.
choice-part-export = 📤 Экспорт { $steps }
choice-part-crossing = 🛃 Граница { $steps }
choice-part-import = 📥 Импорт { $steps }
choice-more-actions = ⋯ Ещё
side-hint = Нажмите на шаг: документы, стоимость, сроки и правовая основа.
choice-more = Ещё ▶ { $page }/{ $pages }
documents-tick-hint = Нажмите на документ, когда он у вас есть: я запомню.
choice-doc-have = ☑ { $document }
choice-doc-need = ☐ { $document }
product-next-candidates = Тогда, может быть, одно из этих?
product-generic = «{ $query }» — это несколько товаров. Какой именно?
report-thanks-short = Спасибо: сообщение сохранено без вашего имени и номера.
smalltalk-greeting = Здравствуйте! Напишите, какой товар вы возите (например: курага, футболки), или нажмите кнопку.
smalltalk-thanks = Пожалуйста! Счастливого пути. Пишите другой товар в любое время.
smalltalk-operator = Я автоматический помощник: этот чат не читает человек. Я показываю официальный порядок по шагам и к кому обратиться.
smalltalk-operator-expert = Я автоматический помощник. Под ответом нажмите «Спросить эксперта», чтобы написать человеку.
question-offer = Похоже, это вопрос, а не название товара.
question-step = Ответ может быть в шаге { $number } вашего маршрута: { $title }.
question-expert = Вопрос можно отправить эксперту.
question-no-route = Напишите товар и выберите маршрут: в каждом шаге указаны документы, стоимость и сроки.
choice-open-step = Шаг { $number }
place-country = { $place }: { $country }.
sentence-need-product = { $origin } → { $destination }: какой товар? Напишите его название.
