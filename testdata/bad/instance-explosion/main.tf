# A few lines that multiply into ten billion instances: a module with count = 100000
# around a resource with count = 100000, and a for_each over a 1000 x 1000 product.

module "many" {
  source = "./m"
  count  = 100000
}

locals {
  pairs = setproduct(range(1000), range(1000))
}

resource "aws_ecs_cluster" "product" {
  for_each = { for p in local.pairs : "${p[0]}-${p[1]}" => p }
  name     = each.key
}
