origin-prompt = { $product }: which country are the goods going from?
destination-prompt = { $product } from { $origin }: which country are they going to?
country-not-offered = I do not have procedures for { $country } on this route yet. Please choose from the list.
country-unknown = I did not recognise that country. Please choose from the list.
