kb-problem-source-countries = { $source } çeşmesi { $countries } ýurtlaryna degişli däl: her ýurt üçin öz çeşmesini görkeziň ýa-da onuň öz içine alýan ýurtlaryny sanaň
