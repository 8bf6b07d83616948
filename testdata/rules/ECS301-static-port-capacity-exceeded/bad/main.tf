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

resource "aws_ecs_task_definition" "statsd" {
  family       = "statsd"
  network_mode = "host"
  container_definitions = jsonencode([{
    name         = "statsd"
    image        = "example/statsd:0.10"
    memory       = 64
    essential    = true
    portMappings = [{ containerPort = 8125, protocol = "udp" }]
  }])
}

# Host port 80 fits one task per instance; the Auto Scaling group allows 3 instances.
resource "aws_ecs_service" "web" {
  name            = "web"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.web.arn
  desired_count   = 4 # expect: ECS301
}

# Host network mode: one task per instance; auto scaling may ask for 5.
resource "aws_ecs_service" "statsd" {
  name            = "statsd"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.statsd.arn
  desired_count   = 2
}

resource "aws_appautoscaling_target" "statsd" {
  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/${aws_ecs_cluster.main.name}/${aws_ecs_service.statsd.name}"
  min_capacity       = 2
  max_capacity       = 5 # expect: ECS301
}
