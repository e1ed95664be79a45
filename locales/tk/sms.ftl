# The SMS channel's own words (bot/channels/sms.py). Keywords are whole messages, any case;
# every language's words are read whatever the trader's language.
sms-stop-words = DUR, BES
sms-start-words = BAŞLA, BASLA
sms-help-words = KÖMEK, KOMEK
sms-language-words = DIL
sms-help = Harydy ýazyň (meselem, alma), san bilen jogap beriň. DIL - dil. DUR - SMS ýok, BAŞLA - täzeden.
sms-stopped = Mundan beýläk SMS iberilmez. Täzeden başlamak üçin BAŞLA ýazyň.
sms-started = Hoş geldiňiz: SMS täzeden açyk.
sms-cap-number = Belgiňiz üçin şu günki SMS çägi doldy. Ertir ýazyň.
sms-cap-total = SMS hyzmatynyň şu günki çägi doldy. Ertir ýazyň.
sms-more = dowamy
sms-answer-hint = Ädimiň ýa-da bölümiň belgisini ýazyň.
admin-sms-stats = SMS: şu gün { $today } segm., { $today_numbers } belgä; 30 günde { $total }, belgä günde { $per_number }
admin-sms-conversations = SMS söhbetdeşlikleri (30 gün): { $count }, söhbetdeşlige segm.: mediana { $median }, iň köp { $max }
