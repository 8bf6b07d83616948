# Search indexer on EC2 with awsvpc task networking, but the service has no
# network_configuration block: CreateService rejects it.

resource "aws_ecs_cluster" "search" {
  name = "search"
}

resource "aws_ecs_task_definition" "indexer" {
  family       = "search-indexer"
  network_mode = "awsvpc"

  container_definitions = jsonencode([
    {
      name      = "indexer"
      image     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/indexer:0.14.3"
      essential = true
      cpu       = 512
      memory    = 1024
      portMappings = [
        {
          containerPort = 8080
        }
      ]
    }
  ])
}

resource "aws_ecs_service" "indexer" {
  name            = "search-indexer"
  cluster         = aws_ecs_cluster.search.id
  task_definition = aws_ecs_task_definition.indexer.arn
  launch_type     = "EC2"
  desired_count   = 2
}
