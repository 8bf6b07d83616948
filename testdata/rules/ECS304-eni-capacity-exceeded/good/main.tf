resource "aws_ecs_task_definition" "api" {
  family       = "api"
  network_mode = "awsvpc"
  container_definitions = jsonencode([{
    name         = "api"
    image        = "example/api:3.2"
    memory       = 256
    essential    = true
    portMappings = [{ containerPort = 8080 }]
  }])
}

# Near misses: with awsvpcTrunking enabled c5.large holds 10 awsvpc tasks (20 on the two
# instances); distinctInstance bounds a service to 2 tasks, not ENIs; mixed instance types.
resource "aws_ecs_service" "api" {
  name            = "api"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.api.arn
  desired_count   = 5

  network_configuration {
    subnets = [aws_subnet.a.id]
  }
}

resource "aws_appautoscaling_target" "api" {
  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/${aws_ecs_cluster.main.name}/${aws_ecs_service.api.name}"
  min_capacity       = 2
  max_capacity       = 15
}

resource "aws_ecs_service" "singleton" {
  name            = "singleton"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.api.arn
  desired_count   = 2

  network_configuration {
    subnets = [aws_subnet.a.id]
  }

  placement_constraints {
    type = "distinctInstance"
  }
}

resource "aws_ecs_service" "batch" {
  name            = "batch"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.api.arn
  desired_count   = 8

  network_configuration {
    subnets = [aws_subnet.a.id]
  }

  capacity_provider_strategy {
    capacity_provider = aws_ecs_capacity_provider.mixed.name
    weight            = 1
  }
}
