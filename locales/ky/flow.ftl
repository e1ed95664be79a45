origin-prompt = { $product }: товар кайсы өлкөдөн чыгат?
destination-prompt = { $product }, чыккан өлкө: { $origin }. Товар кайсы өлкөгө барат?
country-not-offered = Бул багыт боюнча { $country } үчүн менде азырынча жол-жоболор жок. Тизмеден тандаңыз.
country-unknown = Бул өлкөнү тааный албадым. Тизмеден тандаңыз.
