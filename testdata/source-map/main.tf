# Services in a for_each module whose task definitions come from a nested module: findings
# must point at the same .tf lines whether ecsnet reads this directory or its plan.
resource "aws_ecs_cluster" "main" {
  name = "shop"
}

module "svc" {
  source   = "./modules/service"
  for_each = {
    cart = { port = 8080, host_port = 8081 }
    shop = { port = 9000, host_port = 9000 }
  }

  name       = each.key
  cluster_id = aws_ecs_cluster.main.id
  port       = each.value.port
  host_port  = each.value.host_port
}
