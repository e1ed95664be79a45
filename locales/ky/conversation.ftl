# Телефонго ыңгайлуу сүйлөшүү (issue 16).
answer-part-export =
    { $count ->
        [1] 📤 { $country } өлкөсүнөн экспорт: { $steps }-кадам
       *[other] 📤 { $country } өлкөсүнөн экспорт: { $steps } кадамдар
    }
answer-part-crossing =
    { $count ->
        [1] 🛃 Чек арада: { $steps }-кадам
       *[other] 🛃 Чек арада: { $steps } кадамдар
    }
answer-part-import =
    { $count ->
        [1] 📥 { $country } өлкөсүнө импорт: { $steps }-кадам
       *[other] 📥 { $country } өлкөсүнө импорт: { $steps } кадамдар
    }
answer-documents-count = 📄 Чогултула турган документтер: { $count }
answer-posts-short = 🚧 Өткөрүү пункттары: { $posts }
answer-hint = Кадамдарын көрүү үчүн бөлүктү басыңыз же кадамдын номерин жазыңыз.
choice-part-export = 📤 Экспорт { $steps }
choice-part-crossing = 🛃 Чек ара { $steps }
choice-part-import = 📥 Импорт { $steps }
choice-more-actions = ⋯ Дагы
side-hint = Кадамды басыңыз: документтер, наркы, мөөнөтү жана укуктук негизи.
choice-more = Дагы ▶ { $page }/{ $pages }
documents-tick-hint = Документ колуңузда болсо, аны басыңыз: мен эстеп калам.
choice-doc-have = ☑ { $document }
choice-doc-need = ☐ { $document }
product-next-candidates = Анда булардын бири чыгар?
product-generic = «{ $query }» бир нече товарды камтыйт. Кайсынысы?
report-thanks-short = Рахмат: билдирүүңүз атыңызсыз жана номериңизсиз сакталды.
smalltalk-greeting = Саламатсызбы! Кайсы товар ташыйсыз, жазыңыз (мисалы: кургак өрүк, футболка) же баскычты басыңыз.
smalltalk-thanks = Эч нерсе эмес! Жолуңуз ачык болсун. Башка товарды каалаган убакта жазыңыз.
smalltalk-operator = Мен автоматтык жардамчымын: бул чатты адам окубайт. Ар бир кадамдын расмий тартибин жана кимден сураш керектигин көрсөтөм.
smalltalk-operator-expert = Мен автоматтык жардамчымын. Адамга жазуу үчүн жооптун астындагы «Адистен суроо» баскычын басыңыз.
question-offer = Бул товардын аты эмес, суроого окшойт.
question-step = Жообу каттамыңыздын { $number }-кадамында болушу мүмкүн: { $title }.
question-expert = Суроону экспертке жөнөтсөңүз болот.
question-no-route = Товарды жазып, каттамды тандаңыз: ар бир кадамда документтер, наркы жана мөөнөтү бар.
choice-open-step = { $number }-кадам
place-country = { $place }: { $country }.
sentence-need-product = { $origin } → { $destination }: кайсы товар? Атын жазыңыз.
