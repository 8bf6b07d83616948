resource "aws_ecs_task_definition" "api" {
  family       = "api"
  network_mode = "bridge"
  container_definitions = jsonencode([{
    name = "api", image = "api:1", essential = true, memory = 128,
    portMappings = [{ containerPort = 8080, hostPort = 8080 }]
  }])
}

resource "aws_ecs_service" "api" {
  name            = "api"
  task_definition = aws_ecs_task_definition.api.arn
  desired_count   = 1

  ordered_placement_strategy {
    type  = "spread"
    field = "instanceId"
  }
}
