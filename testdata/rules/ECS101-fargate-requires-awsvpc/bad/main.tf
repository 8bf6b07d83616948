# A Fargate task definition in host mode, and a Fargate service whose task definition
# omits network_mode (bridge by default on Linux).
resource "aws_ecs_cluster" "main" {
  name = "main"
}

resource "aws_ecs_task_definition" "host_mode" {
  family                   = "host-mode"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "host" # expect: ECS101
  cpu                      = 256
  memory                   = 512
  container_definitions = jsonencode([{
    name         = "app"
    image        = "public.ecr.aws/nginx/nginx:1.27"
    essential    = true
    portMappings = [{ containerPort = 80 }]
  }])
}

resource "aws_ecs_task_definition" "omitted" { # expect: ECS101
  family = "omitted"
  cpu    = 256
  memory = 512
  container_definitions = jsonencode([{
    name      = "worker"
    image     = "public.ecr.aws/docker/library/busybox:1.36"
    essential = true
  }])
}

resource "aws_ecs_service" "worker" {
  name            = "worker"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.omitted.arn
  launch_type     = "FARGATE"
  desired_count   = 1
}
