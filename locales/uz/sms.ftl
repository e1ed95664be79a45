# The SMS channel's own words (bot/channels/sms.py). Keywords are whole messages, any case;
# every language's words are read whatever the trader's language.
sms-stop-words = Toʻxta, Toxta
sms-start-words = Boshla
sms-help-words = Yordam
sms-language-words = Til
sms-help = Tovarni yozing (masalan, olma), raqam bilan javob bering. Til - til. Toʻxta - SMS yoʻq, Boshla - qaytadan.
sms-stopped = Endi sizga SMS yuborilmaydi. Qaytadan boshlash uchun Boshla deb yozing.
sms-started = Xush kelibsiz: SMS yana yoqildi.
sms-cap-number = Raqamingiz uchun bugungi SMS chegarasi tugadi. Ertaga yozing.
sms-cap-total = SMS xizmatining bugungi chegarasi tugadi. Ertaga yozing.
sms-more = davomi
sms-answer-hint = Qadam yoki qism raqamini yozing.
admin-sms-stats = SMS: bugun { $today } segm., { $today_numbers } raqamga; 30 kunda { $total }, raqamga kuniga { $per_number }
admin-sms-conversations = SMS suhbatlari (30 kun): { $count }, suhbatga segm.: mediana { $median }, eng koʻp { $max }
