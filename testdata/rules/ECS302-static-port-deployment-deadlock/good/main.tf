resource "aws_ecs_task_definition" "web" {
  family       = "web"
  network_mode = "bridge"
  container_definitions = jsonencode([{
    name         = "web"
    image        = "example/web:2.0"
    memory       = 256
    essential    = true
    portMappings = [{ containerPort = 8080, hostPort = 80 }]
  }])
}

# Near misses: one task may stop first (minimum 50%); one task with a spare instance;
# more tasks than instances (reported by static-port-capacity-exceeded instead).
resource "aws_ecs_service" "web" {
  name                               = "web"
  cluster                            = aws_ecs_cluster.main.id
  task_definition                    = aws_ecs_task_definition.web.arn
  desired_count                      = 2
  deployment_minimum_healthy_percent = 50
}

resource "aws_ecs_service" "admin" {
  name            = "admin"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.web.arn
  desired_count   = 1
}

resource "aws_ecs_service" "overfull" {
  name            = "overfull"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.web.arn
  desired_count   = 3
}
