variable "depth" {
  type    = number
  default = 0
}

module "again" {
  source = "./"
  depth  = var.depth + 1
}

module "again_dotted" {
  source = "../module-self"
  depth  = var.depth + 1
}

resource "aws_ecs_cluster" "main" {
  name = "main"
}
