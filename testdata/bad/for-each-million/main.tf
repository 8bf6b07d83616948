resource "aws_ecs_task_definition" "app" {
  for_each              = toset([for i in range(1000000) : tostring(i)])
  family                = "app-${each.key}"
  network_mode          = "bridge"
  container_definitions = jsonencode([{ name = "web", image = "nginx", memory = 128 }])
}

resource "aws_ecs_service" "web" {
  count           = 1000000
  name            = "web-${count.index}"
  task_definition = aws_ecs_task_definition.app["0"].arn
}

module "many" {
  source   = "./svc"
  for_each = { for i in range(1000000) : "k${i}" => i }
}
