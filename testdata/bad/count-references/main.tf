# 100,000 task definitions and 100,000 services, each service referring to its own task
# definition by index: within the per-block limit, beyond the total instance budget.

resource "aws_ecs_task_definition" "app" {
  count                 = 100000
  family                = "app-${count.index}"
  network_mode          = "bridge"
  container_definitions = jsonencode([{ name = "web", image = "nginx", memory = 128, portMappings = [{ containerPort = 80, hostPort = 0 }] }])
}

resource "aws_ecs_service" "web" {
  count           = 100000
  name            = "web-${count.index}"
  launch_type     = "EC2"
  task_definition = aws_ecs_task_definition.app[count.index].arn
}
