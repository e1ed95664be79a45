# The SMS channel's own words (bot/channels/sms.py). Keywords are whole messages, any case;
# every language's words are read whatever the trader's language.
sms-stop-words = ИСТ, БАС
sms-start-words = ОҒОЗ, ОГОЗ
sms-help-words = ЁРӢ, ЁРИ
sms-language-words = ЗАБОН
sms-help = Молро нависед (масалан, себ), бо рақам ҷавоб диҳед. ЗАБОН - забон. ИСТ - бе СМС, ОҒОЗ - аз нав.
sms-stopped = Дигар аз мо СМС намеояд. Барои аз нав оғоз ОҒОЗ нависед.
sms-started = Хуш омадед: СМС боз фаъол аст.
sms-cap-number = Ҳадди СМС-и имрӯза барои рақами шумо тамом шуд. Фардо нависед.
sms-cap-total = Хизмати СМС ҳадди имрӯзаро тамом кард. Фардо нависед.
sms-more = давом
sms-answer-hint = Рақами қадам ё қисмро нависед.
admin-sms-stats = SMS: имрӯз { $today } сегм. ба { $today_numbers } рақам; дар 30 рӯз { $total }, { $per_number } ба рақам дар як рӯз
admin-sms-conversations = Суҳбатҳои SMS (30 рӯз): { $count }, сегм. ба суҳбат: медиана { $median }, ҳадди аксар { $max }
