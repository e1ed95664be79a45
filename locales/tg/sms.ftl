# The SMS channel's own words (bot/channels/sms.py). Keywords are whole messages, any case;
# every language's words are read whatever the trader's language.
sms-stop-words = ИСТ, БАС
sms-start-words = ОҒОЗ, ОГОЗ
sms-help-words = ЁРӢ, ЁРИ
sms-language-words = ЗАБОН
sms-help = Tradebot: молро нависед (масалан, себ), бо рақам ҷавоб диҳед. ЗАБОН - забон. ИСТ - бе SMS, ОҒОЗ - аз нав.
sms-stopped = Дигар аз мо SMS намеояд. Барои аз нав оғоз ОҒОЗ нависед.
sms-started = Хуш омадед: SMS боз фаъол аст.
sms-cap-number = Ҳадди SMS-и имрӯза барои рақами шумо тамом шуд. Фардо нависед.
sms-cap-total = Хизмати SMS ҳадди имрӯзаро тамом кард. Фардо нависед.
sms-more = давом
sms-answer-hint = Рақами қадам ё қисмро нависед.
sms-language-prompt = Тил/Тіл/Забон/Dil/Til/Язык/Language:
