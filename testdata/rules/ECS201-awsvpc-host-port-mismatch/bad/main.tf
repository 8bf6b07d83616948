# awsvpc: hostPort must be omitted or equal to containerPort; 0 is not "dynamic" here.
resource "aws_ecs_task_definition" "api" {
  family                   = "api"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 512
  memory                   = 1024
  container_definitions = jsonencode([
    {
      name      = "api"
      image     = "example/api:1.4"
      essential = true
      portMappings = [
        { containerPort = 8080, hostPort = 8080 },
        {
          containerPort = 9090
          hostPort      = 9091 # expect: ECS201
        },
      ]
    },
    {
      name         = "sidecar"
      image        = "example/envoy:1.30"
      essential    = false
      portMappings = [{ containerPort = 9901, hostPort = 0 }] # expect: ECS201
    },
  ])
}
