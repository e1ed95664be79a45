choice-subscribe = 🔔 Follow changes
choice-unsubscribe = 🔕 Stop notifications
choice-unsubscribe-n = 🔕 Stop { $n }
choice-helpful-yes = 👍 Helpful
choice-helpful-no = 👎 Not helpful
choice-expert = 💬 Ask an expert
subscribe-done = I will tell you when the procedure for { $flow } changes. Send /subscriptions to see or stop your notifications.
subscribe-limit = You already follow { $limit } routes. Stop one of them first (/subscriptions).
unsubscribe-done = Notifications stopped for { $flow }.
subscriptions-none = You do not follow any routes yet. After an answer, tap “Notify me of changes”.
subscriptions-list =
    { $count ->
        [one] You follow this route:
       *[other] You follow these { $count } routes:
    }
feedback-thanks = Thank you! Your answer helps us improve.
feedback-ask-comment = Sorry it did not help. What was missing? Write a few words (at most { $limit } characters), or tap Skip.
expert-ask = Type your question for an expert (at most { $limit } characters). Route: { $flow }. The answer will come here.
expert-sent = Your question was sent to an expert. The answer will come in this chat.
expert-forward =
    Question #{ $id } (language: { $lang }; route: { $flow })
    { $question }

    Reply to this message to answer the trader.
expert-answer = Answer from an expert to your question:
    { $answer }
expert-delivered = Answer to question #{ $id } is on its way to the trader.
expert-unknown-question = There is no question #{ $id }.
