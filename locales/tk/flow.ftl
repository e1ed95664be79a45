origin-prompt = { $product }: haryt haýsy ýurtdan gidýär?
destination-prompt = { $product }, çykýan ýurdy: { $origin }. Haryt haýsy ýurda gidýär?
country-not-offered = Bu ugur boýunça { $country } üçin entek tertipler barada maglumatym ýok. Sanawdan saýlaň.
country-unknown = Bu ýurdy tanap bilmedim. Sanawdan saýlaň.
