# The SMS channel's own words (bot/channels/sms.py). Keywords are whole messages, any case;
# every language's words are read whatever the trader's language.
sms-stop-words = STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT
sms-start-words = START, UNSTOP
sms-help-words = HELP, INFO
sms-language-words = LANG, LANGUAGE
sms-help = Write your goods (e.g. apples), then reply with a number. LANG: language. STOP: no more SMS. START: again.
sms-stopped = You will get no more SMS from us. Send START to begin again.
sms-started = Welcome back: SMS are on again.
sms-cap-number = Today's SMS limit for your number is reached. Please write again tomorrow.
sms-cap-total = Our SMS service has reached its limit for today. Please write again tomorrow.
sms-more = more
sms-answer-hint = Reply with a step number, or the number of a part.
admin-sms-stats = SMS: today { $today } segments to { $today_numbers } numbers; 30 days { $total }, { $per_number } per number a day
admin-sms-conversations = SMS conversations (30 days): { $count }, segments per conversation: median { $median }, max { $max }
