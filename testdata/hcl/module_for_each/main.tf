variable "services" {
  type = map(object({
    port  = number
    count = optional(number, 1)
  }))
}

resource "aws_ecs_cluster" "main" {
  name = "shared"
}

module "svc" {
  source   = "./modules/svc"
  for_each = var.services

  name       = each.key
  port       = each.value.port
  desired    = each.value.count
  cluster_id = aws_ecs_cluster.main.id
}

output "families" {
  value = { for k, m in module.svc : k => m.family }
}
