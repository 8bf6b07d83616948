# awsvpc tasks take their host name from the ENI; a container hostname is rejected.
resource "aws_ecs_task_definition" "api" {
  family                   = "api"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  container_definitions = jsonencode([
    {
      name         = "api"
      image        = "example/api:1.4"
      essential    = true
      hostname     = "api" # expect: ECS105
      portMappings = [{ containerPort = 8080 }]
    },
    {
      name      = "log-router"
      image     = "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable"
      essential = false
    },
  ])
}
