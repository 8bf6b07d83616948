# ECS Anywhere cannot attach ENIs: awsvpc is rejected for EXTERNAL task definitions and
# services.
resource "aws_ecs_cluster" "main" {
  name = "main"
}

resource "aws_ecs_task_definition" "agent" {
  family                   = "agent"
  requires_compatibilities = ["EXTERNAL"]
  network_mode             = "awsvpc" # expect: ECS102
  container_definitions = jsonencode([{
    name      = "agent"
    image     = "example/agent:1.2"
    memory    = 256
    essential = true
  }])
}

resource "aws_ecs_task_definition" "edge" {
  family       = "edge"
  network_mode = "awsvpc" # expect: ECS102
  container_definitions = jsonencode([{
    name         = "edge"
    image        = "example/edge:3.1"
    memory       = 512
    essential    = true
    portMappings = [{ containerPort = 8080 }]
  }])
}

resource "aws_ecs_service" "edge" {
  name            = "edge"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.edge.arn
  launch_type     = "EXTERNAL"
  desired_count   = 2
}
