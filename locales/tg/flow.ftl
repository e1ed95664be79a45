origin-prompt = { $product }: мол аз кадом кишвар меравад?
destination-prompt = { $product } аз { $origin }: мол ба кадом кишвар меравад?
country-not-offered = Барои { $country } дар ин масир ҳоло тартибот надорам. Лутфан, аз рӯйхат интихоб кунед.
country-unknown = Ин кишварро нашинохтам. Лутфан, аз рӯйхат интихоб кунед.
