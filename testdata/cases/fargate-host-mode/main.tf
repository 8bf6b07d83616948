# A task definition copied from an EC2 setup and switched to Fargate without changing the
# network mode: host mode on Fargate.

resource "aws_ecs_cluster" "edge" {
  name = "edge"
}

resource "aws_ecs_task_definition" "proxy" {
  family                   = "edge-proxy"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "host"
  cpu                      = "256"
  memory                   = "512"
  execution_role_arn       = aws_iam_role.execution.arn

  container_definitions = jsonencode([
    {
      name      = "envoy"
      image     = "public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.6.0-prod"
      essential = true
      portMappings = [
        {
          containerPort = 8080
          protocol      = "tcp"
        }
      ]
    }
  ])
}

resource "aws_ecs_service" "proxy" {
  name            = "edge-proxy"
  cluster         = aws_ecs_cluster.edge.id
  task_definition = aws_ecs_task_definition.proxy.arn
  launch_type     = "FARGATE"
  desired_count   = 2
}
