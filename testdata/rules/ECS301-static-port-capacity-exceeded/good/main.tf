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

resource "aws_ecs_task_definition" "orders" {
  family       = "orders"
  network_mode = "bridge"
  container_definitions = jsonencode([{
    name         = "orders"
    image        = "example/orders:1.9"
    memory       = 256
    essential    = true
    portMappings = [{ containerPort = 8080, hostPort = 0 }]
  }])
}

# Near misses: 3 static-port tasks on 3 instances (auto scaling stops at 3); many
# dynamic-port tasks; a daemon with a static port.
resource "aws_ecs_service" "web" {
  name                               = "web"
  cluster                            = aws_ecs_cluster.main.id
  task_definition                    = aws_ecs_task_definition.web.arn
  desired_count                      = 3
  deployment_minimum_healthy_percent = 50
}

resource "aws_appautoscaling_target" "web" {
  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/${aws_ecs_cluster.main.name}/${aws_ecs_service.web.name}"
  min_capacity       = 1
  max_capacity       = 3
}

resource "aws_ecs_service" "orders" {
  name            = "orders"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.orders.arn
  desired_count   = 12
}

resource "aws_ecs_service" "edge" {
  name                = "edge"
  cluster             = aws_ecs_cluster.main.id
  task_definition     = aws_ecs_task_definition.web.arn
  scheduling_strategy = "DAEMON"
  launch_type         = "EC2"
}
