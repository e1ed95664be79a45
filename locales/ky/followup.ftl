choice-subscribe = 🔔 Жазылуу
choice-unsubscribe = 🔕 Жазылуудан чыгуу
choice-unsubscribe-n = 🔕 Токтотуу: { $n }
choice-helpful-yes = 👍 Пайдалуу
choice-helpful-no = 👎 Жардам бербеди
choice-expert = 💬 Адистен суроо
subscribe-done = { $flow } боюнча жол-жобо өзгөрсө, сизге билдирем. Билдирүүлөрдү көрүү же токтотуу үчүн /subscriptions жөнөтүңүз.
subscribe-limit = Сиз азыр { $limit } багытты көзөмөлдөп жатасыз, бул – эң көбү. Адегенде алардын бирин токтотуңуз (/subscriptions).
unsubscribe-done = { $flow } боюнча билдирүүлөр токтотулду.
subscriptions-none = Сиз азырынча эч бир багытты көзөмөлдөбөйсүз. Жооптон кийин «Жазылуу» баскычын басыңыз.
subscriptions-list =
    { $count ->
        [one] Сиз бул багытты көзөмөлдөп жатасыз:
       *[other] Сиз бул { $count } багытты көзөмөлдөп жатасыз:
    }
feedback-thanks = Рахмат! Жообуңуз бизге жакшырууга жардам берет.
feedback-ask-comment = Жардам бербегенине өкүнөбүз. Эмне жетишпеди? Бир нече сөз менен жазыңыз (эң көп { $limit } белги) же «Өткөрүп жиберүү» баскычын басыңыз.
expert-ask = Адиске сурооңузду жазыңыз (эң көп { $limit } белги). Багыт: { $flow }. Жооп ушул жерге келет.
expert-sent = Сурооңуз адиске жөнөтүлдү. Жооп ушул чатка келет.
expert-forward =
    Суроо #{ $id } (тил: { $lang }; багыт: { $flow })
    { $question }

    Ишкерге жооп берүү үчүн ушул билдирүүгө жооп жазыңыз.
expert-answer = Сурооңузга адистин жообу:
    { $answer }
expert-delivered = #{ $id } суроого жооп соодагерге жөнөтүлүүдө.
expert-unknown-question = #{ $id } суроо жок.
